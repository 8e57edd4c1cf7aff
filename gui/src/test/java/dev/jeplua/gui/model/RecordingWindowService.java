package dev.jeplua.gui.model;

import java.util.ArrayList;
import java.util.List;

/** A {@link WindowService} without a display: records every command, lets tests send user events. */
final class RecordingWindowService implements WindowService {
    final List<String> commands = new ArrayList<>();
    final List<List<PropertyUpdate>> updateBatches = new ArrayList<>();
    UiLayout lastLayout;
    String lastHtml;
    WindowEvents events;
    String theme;
    boolean display = true;

    @Override
    public boolean displayAvailable() {
        return display;
    }

    @Override
    public void start(WindowEvents sink, String theme) {
        this.events = sink;
        this.theme = theme;
        commands.add("start " + theme);
    }

    @Override
    public void createWindow(String windowId, String title, int width, int height) {
        commands.add("create " + windowId + " " + title + " " + width + "x" + height);
    }

    @Override
    public void setLayout(String windowId, UiLayout layout) {
        lastLayout = layout;
        commands.add("layout " + windowId + " " + layout.elements().size());
    }

    @Override
    public void setHtml(String windowId, String html) {
        lastHtml = html;
        commands.add("html " + windowId + " " + html.length());
    }

    @Override
    public void setVisible(String windowId, boolean visible) {
        commands.add((visible ? "show " : "hide ") + windowId);
    }

    @Override
    public void closeWindow(String windowId) {
        commands.add("close " + windowId);
    }

    @Override
    public void applyUpdates(String windowId, List<PropertyUpdate> updates) {
        updateBatches.add(updates);
        commands.add("updates " + windowId + " " + updates.size());
    }

    @Override
    public void closeAll() {
        commands.add("closeAll");
    }

    /** Sends a user event as the display thread would. */
    void user(String windowId, String elementId, GuiEvent.Kind kind, Object value) {
        events.deliver(new GuiEvent(windowId, elementId, kind, value));
    }
}
