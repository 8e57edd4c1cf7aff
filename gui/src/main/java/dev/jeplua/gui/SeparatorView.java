package dev.jeplua.gui;

import dev.jeplua.gui.model.UiElement;
import javax.swing.JSeparator;

/** A {@code separator}: a horizontal JSeparator; it has no properties of its own. */
final class SeparatorView extends ElementView {
    SeparatorView(UiElement e, EventSink sink) {
        super(e, sink);
        place(new JSeparator());
    }
}
