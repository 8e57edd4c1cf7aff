package dev.jeplua.gui;

import dev.jeplua.gui.model.GuiEvent.Kind;
import dev.jeplua.gui.model.UiElement;
import java.awt.BorderLayout;
import java.awt.Dimension;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JSlider;

/**
 * A {@code slider} or {@code scale}: a JSlider of whole numbers (snapping to {@code step}) with
 * its value on the right; sends change (number) when released on a new value.
 */
final class SliderView extends ElementView {
    private final JSlider slider = new JSlider();
    private final JLabel valueLabel = new JLabel();
    private final JLabel caption;
    private int lastSent;

    SliderView(UiElement e, EventSink sink) {
        super(e, sink);
        slider.setMinimum(whole(e.get("min")));
        slider.setMaximum(whole(e.get("max")));
        slider.setValue(whole(e.get("value")));
        lastSent = slider.getValue();
        int step = (int) Math.round(e.number("step", 0));
        if (step > 0) {
            slider.setMinorTickSpacing(step);
            slider.setSnapToTicks(true);
        }
        valueLabel.setText(Integer.toString(slider.getValue()));
        valueLabel.setPreferredSize(new Dimension(
                valueLabel.getFontMetrics(valueLabel.getFont()).stringWidth("-00000") + 4,
                valueLabel.getPreferredSize().height));
        slider.addChangeListener(ev -> {
            valueLabel.setText(Integer.toString(slider.getValue()));
            if (!applying && !slider.getValueIsAdjusting() && slider.getValue() != lastSent) {
                lastSent = slider.getValue();
                sink.event(e.id(), Kind.CHANGE, (double) slider.getValue());
            }
        });
        JComponent row = captioned(caption(e), slider, valueLabel);
        caption = row == slider
                ? null
                : (JLabel) ((BorderLayout) ((JPanel) row).getLayout()).getLayoutComponent(BorderLayout.NORTH);
        place(row, slider);
    }

    @Override
    void setProperty(String property, Object value) {
        switch (property) {
            case "value" -> {
                slider.setValue(whole(value));
                lastSent = slider.getValue();
            }
            case "min" -> slider.setMinimum(whole(value));
            case "max" -> slider.setMaximum(whole(value));
            case "text" -> {
                if (caption != null) {
                    caption.setText(String.valueOf(value));
                }
            }
            default -> {}
        }
    }
}
