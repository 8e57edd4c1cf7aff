package dev.jeplua.gui;

import dev.jeplua.gui.model.GuiEvent;
import dev.jeplua.gui.model.PropertyUpdate;
import dev.jeplua.gui.model.UiLayout;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.util.List;
import javax.swing.BorderFactory;
import javax.swing.JFrame;
import javax.swing.JScrollPane;
import javax.swing.ScrollPaneConstants;
import javax.swing.WindowConstants;

/**
 * One native window: a {@link JFrame} whose content is built from a {@link UiLayout} by
 * {@link LayoutBuilder}, or an HTML document shown by an {@link HtmlView}. EDT only.
 */
final class SwingWindow {
    private final JFrame frame;
    private final EventSink sink;
    private LayoutBuilder.Built content;
    private HtmlView htmlView;
    private boolean placed;
    private boolean disposed;

    /**
     * @param onUserClose called (EDT) after the user closed and the frame was disposed
     */
    SwingWindow(String windowId, String title, int width, int height, EventSink sink, Runnable onUserClose) {
        this.sink = sink;
        frame = new JFrame(title);
        frame.setName(windowId);
        frame.setDefaultCloseOperation(WindowConstants.DO_NOTHING_ON_CLOSE);
        frame.setSize(width, height);
        frame.addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosing(WindowEvent e) {
                if (!disposed) {
                    dispose();
                    onUserClose.run();
                    sink.event(null, GuiEvent.Kind.CLOSE, null);
                }
            }
        });
    }

    /** Replaces the content. */
    void setLayout(UiLayout layout) {
        content = LayoutBuilder.build(layout, sink);
        htmlView = null;
        if (layout.elements().size() > 0) {
            LayoutBuilder.defaultButton(content)
                    .ifPresent(b -> frame.getRootPane().setDefaultButton(b));
        }
        JScrollPane scroll = new JScrollPane(
                content.panel(),
                ScrollPaneConstants.VERTICAL_SCROLLBAR_AS_NEEDED,
                ScrollPaneConstants.HORIZONTAL_SCROLLBAR_NEVER);
        scroll.setBorder(BorderFactory.createEmptyBorder());
        scroll.getVerticalScrollBar().setUnitIncrement(16);
        frame.setContentPane(scroll);
        frame.revalidate();
        frame.repaint();
    }

    /** Replaces the content with an HTML document (the same pane is reused for later documents). */
    void setHtml(String html) {
        content = null;
        frame.getRootPane().setDefaultButton(null);
        if (htmlView == null) {
            htmlView = new HtmlView();
        }
        htmlView.setHtml(html);
        if (frame.getContentPane() != htmlView.component()) {
            frame.setContentPane(htmlView.component());
        }
        frame.revalidate();
        frame.repaint();
    }

    /** Applies one batch of property updates, then lays out and repaints once. */
    void apply(List<PropertyUpdate> updates) {
        if (content == null) {
            return;
        }
        for (PropertyUpdate u : updates) {
            ElementView v = content.views().get(u.elementId());
            if (v != null) {
                v.set(u.property(), u.value());
            }
        }
        frame.getContentPane().revalidate();
        frame.repaint();
    }

    void setVisible(boolean visible) {
        if (visible && !placed) {
            frame.setLocationRelativeTo(null);
            placed = true;
        }
        frame.setVisible(visible);
    }

    void dispose() {
        disposed = true;
        frame.dispose();
    }
}
