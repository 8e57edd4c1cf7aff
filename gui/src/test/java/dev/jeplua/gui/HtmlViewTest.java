package dev.jeplua.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Component;
import java.awt.Container;
import javax.swing.JButton;
import javax.swing.SwingUtilities;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The HTML window's content pane without a display (headless AWT). Everything runs on the EDT. */
@Timeout(30)
class HtmlViewTest {
    @BeforeAll
    static void headless() throws Exception {
        System.setProperty("java.awt.headless", "true");
        SwingUtilities.invokeAndWait(() -> SwingWindowService.installLookAndFeel("light"));
    }

    @Test
    void a_page_is_rendered_as_read_only_text_and_a_new_page_replaces_it() throws Exception {
        String[] text = new String[2];
        HtmlView[] view = new HtmlView[1];
        SwingUtilities.invokeAndWait(() -> {
            view[0] = new HtmlView();
            view[0].setHtml("<html><head><meta charset=\"utf-8\"><title>t</title></head>"
                    + "<body><h1>Report</h1><p>Count: <b>3</b></p><ul><li>one</li></ul></body></html>");
            text[0] = view[0].text();
            view[0].setHtml("<p>second</p>");
            text[1] = view[0].text();
        });
        assertThat(text[0]).contains("Report").contains("Count: 3").contains("one");
        assertThat(text[1]).contains("second").doesNotContain("Report");
        assertThat(view[0].pane().isEditable()).isFalse();
    }

    @Test
    void object_tags_create_no_component_and_linked_style_sheets_are_not_fetched() throws Exception {
        HtmlView[] view = new HtmlView[1];
        SwingUtilities.invokeAndWait(() -> {
            view[0] = new HtmlView();
            view[0].setHtml("<html><head><link rel=\"stylesheet\" href=\"http://192.0.2.1/never.css\"></head>"
                    + "<body><p>before</p><object classid=\"javax.swing.JButton\"><param name=\"text\" value=\"x\">"
                    + "</object><p>after</p></body></html>");
            view[0].component().setSize(400, 300);
            view[0].component().doLayout();
            view[0].pane().setSize(400, 300);
            view[0].pane().doLayout();
        });
        assertThat(view[0].text()).contains("before").contains("after");
        assertThat(count(view[0].pane(), JButton.class)).isZero();
    }

    private static int count(Container c, Class<?> type) {
        int n = 0;
        for (Component child : c.getComponents()) {
            if (type.isInstance(child)) {
                n++;
            }
            if (child instanceof Container cc) {
                n += count(cc, type);
            }
        }
        return n;
    }
}
