package dev.jeplua.gui;

import dev.jeplua.gui.model.GuiEvent.Kind;
import dev.jeplua.gui.model.UiElement;
import java.awt.BorderLayout;
import javax.swing.AbstractButton;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JRadioButton;
import javax.swing.JToggleButton;

/**
 * A {@code switch}, {@code checkbox}, {@code radio} or {@code toggle_button}: a {@link SwitchBox}
 * with its caption on the left, a JCheckBox, a JRadioButton (in the ButtonGroup of its
 * {@code group}) or a JToggleButton showing its text; sends change (boolean), for radios only
 * from the newly selected one.
 */
final class ToggleView extends ElementView {
    /** A toggle button drawn as an on/off switch by FlatLaf's round-rect button style. */
    static final class SwitchBox extends JToggleButton {
        private static final long serialVersionUID = 1L;

        SwitchBox() {
            putClientProperty("JButton.buttonType", "roundRect");
        }
    }

    private final AbstractButton box;
    /** The caption left of a switch; null for check boxes and radios, which carry their own text. */
    private final JLabel switchCaption;

    ToggleView(UiElement e, EventSink sink, AbstractButton box) {
        super(e, sink);
        this.box = box;
        box.putClientProperty("html.disable", Boolean.TRUE);
        switchCaption = box instanceof SwitchBox ? new JLabel(e.string("text", "")) : null;
        setProperty("value", e.get("value"));
        box.addItemListener(ev -> {
            if (applying) {
                return;
            }
            boolean on = box.isSelected();
            refreshSwitchText();
            if (box instanceof JRadioButton && !on) {
                return; // the newly selected radio of the group reports the change
            }
            sink.event(e.id(), Kind.CHANGE, on);
        });
        if (switchCaption != null) {
            switchCaption.putClientProperty("html.disable", Boolean.TRUE);
            JPanel p = new JPanel(new BorderLayout(LayoutBuilder.GAP, 0));
            p.setOpaque(false);
            p.add(switchCaption, BorderLayout.CENTER);
            p.add(box, BorderLayout.EAST);
            place(p, box);
        } else {
            box.setText(e.string("text", ""));
            place(LayoutBuilder.left(box), box);
        }
        refreshSwitchText();
    }

    private void refreshSwitchText() {
        if (switchCaption != null) {
            box.setText(box.isSelected() ? "On" : "Off");
        }
    }

    @Override
    void setProperty(String property, Object value) {
        switch (property) {
            case "value" -> {
                box.setSelected(Boolean.TRUE.equals(value));
                refreshSwitchText();
            }
            case "text" -> {
                if (switchCaption != null) {
                    switchCaption.setText(String.valueOf(value));
                } else {
                    box.setText(String.valueOf(value));
                }
            }
            default -> {}
        }
    }
}
