package dev.jeplua.gui;

import java.awt.Component;
import javax.swing.BorderFactory;
import javax.swing.JEditorPane;
import javax.swing.JScrollPane;
import javax.swing.ScrollPaneConstants;
import javax.swing.text.ComponentView;
import javax.swing.text.Document;
import javax.swing.text.Element;
import javax.swing.text.StyleConstants;
import javax.swing.text.ViewFactory;
import javax.swing.text.html.HTML;
import javax.swing.text.html.HTMLDocument;
import javax.swing.text.html.HTMLEditorKit;
import javax.swing.text.html.StyleSheet;

/**
 * The content of an HTML window ({@code _PY.set_window_html}, {@code Window:setHtml}): a
 * read-only {@link JEditorPane} in a scroll pane. Swing renders HTML 3.2 with a subset of CSS 1
 * (gui/README.md lists what it cannot show). Two things Swing would otherwise do are switched
 * off: {@code <object classid=...>} (which instantiates a Java class by name) shows nothing, and
 * {@code <link rel="stylesheet">} is not fetched (that fetch would block the EDT); put CSS in a
 * {@code <style>} element instead. A {@code <meta charset>} is ignored (the text is already a
 * string). EDT only.
 */
final class HtmlView {
    private final JEditorPane pane = new JEditorPane();
    private final JScrollPane scroll;

    HtmlView() {
        pane.setEditable(false);
        pane.setEditorKit(new SafeHtmlKit());
        // unstyled text uses the look and feel's font and colours
        pane.putClientProperty(JEditorPane.HONOR_DISPLAY_PROPERTIES, Boolean.TRUE);
        scroll = new JScrollPane(
                pane,
                ScrollPaneConstants.VERTICAL_SCROLLBAR_AS_NEEDED,
                ScrollPaneConstants.HORIZONTAL_SCROLLBAR_AS_NEEDED);
        scroll.setBorder(BorderFactory.createEmptyBorder());
        scroll.getVerticalScrollBar().setUnitIncrement(16);
    }

    /** Replaces the document and scrolls to its top. */
    void setHtml(String html) {
        Document doc = pane.getEditorKit().createDefaultDocument();
        doc.putProperty("IgnoreCharsetDirective", Boolean.TRUE);
        pane.setDocument(doc);
        pane.setText(html);
        pane.setCaretPosition(0);
    }

    /** The text the document shows, without markup (for tests). */
    String text() {
        try {
            Document d = pane.getDocument();
            return d.getText(0, d.getLength());
        } catch (javax.swing.text.BadLocationException e) {
            return "";
        }
    }

    /** The component to put in the window. */
    JScrollPane component() {
        return scroll;
    }

    /** The editor pane (for tests). */
    JEditorPane pane() {
        return pane;
    }

    /** HTMLEditorKit without object instantiation and without fetching linked style sheets. */
    static final class SafeHtmlKit extends HTMLEditorKit {
        private static final long serialVersionUID = 1L;

        @Override
        public ViewFactory getViewFactory() {
            ViewFactory html = super.getViewFactory();
            return elem -> isTag(elem, HTML.Tag.OBJECT) ? new EmptyView(elem) : html.create(elem);
        }

        @Override
        public Document createDefaultDocument() {
            StyleSheet ss = new StyleSheet();
            ss.addStyleSheet(getStyleSheet());
            HTMLDocument doc = new NoLinkDocument(ss);
            doc.setParser(getParser());
            doc.setAsynchronousLoadPriority(-1); // setText parses at once, on the EDT
            return doc;
        }

        private static boolean isTag(Element e, HTML.Tag tag) {
            return e.getAttributes().getAttribute(StyleConstants.NameAttribute) == tag;
        }
    }

    /** An HTMLDocument whose reader ignores {@code <link>} (no network access while parsing). */
    static final class NoLinkDocument extends HTMLDocument {
        private static final long serialVersionUID = 1L;

        NoLinkDocument(StyleSheet styles) {
            super(styles);
        }

        @Override
        public HTMLEditorKit.ParserCallback getReader(int pos) {
            return new NoLinkReader(pos, 0, 0, null);
        }

        @Override
        public HTMLEditorKit.ParserCallback getReader(int pos, int popDepth, int pushDepth, HTML.Tag insertTag) {
            return new NoLinkReader(pos, popDepth, pushDepth, insertTag);
        }

        private final class NoLinkReader extends HTMLReader {
            NoLinkReader(int pos, int popDepth, int pushDepth, HTML.Tag insertTag) {
                super(pos, popDepth, pushDepth, insertTag);
                registerTag(HTML.Tag.LINK, new TagAction());
            }
        }
    }

    /** A view that shows nothing (for {@code <object>}). */
    static final class EmptyView extends ComponentView {
        EmptyView(Element elem) {
            super(elem);
        }

        @Override
        protected Component createComponent() {
            return null;
        }

        @Override
        public float getPreferredSpan(int axis) {
            return 0;
        }
    }
}
