package dev.jeplua.gui;

import dev.jeplua.gui.model.UiElement;
import javax.swing.JProgressBar;

/** A {@code progressbar}: a JProgressBar showing its percentage, under its caption. */
final class ProgressBarView extends ElementView {
    private final JProgressBar bar = new JProgressBar();

    ProgressBarView(UiElement e, EventSink sink) {
        super(e, sink);
        bar.setMinimum(whole(e.get("min")));
        bar.setMaximum(whole(e.get("max")));
        bar.setValue(whole(e.get("value")));
        bar.setStringPainted(true);
        place(captioned(caption(e), bar, null), bar);
    }

    @Override
    void setProperty(String property, Object value) {
        switch (property) {
            case "value" -> bar.setValue(whole(value));
            case "min" -> bar.setMinimum(whole(value));
            case "max" -> bar.setMaximum(whole(value));
            default -> {}
        }
    }
}
