package dev.jeplua.fibaro;

import java.util.List;

/**
 * What the {@code --%%} header directives of a QuickApp file declare (docs/fibaro.md#directives),
 * as read by {@link HeaderParser}. Values that HC3 emulators evaluate as Lua expressions
 * ({@code var} values, {@code u} rows, {@code interfaces}) are kept as source text; the QuickApp
 * runtime evaluates them. Immutable; any thread.
 *
 * @param name        {@code --%%name}, or null when absent (the runtime then uses the file name)
 * @param type        {@code --%%type}, or null (the runtime then uses {@code com.fibaro.binarySwitch})
 * @param vars        {@code --%%var} entries in file order
 * @param ui          {@code --%%u} rows in file order, each the Lua table source of one row
 * @param files       {@code --%%file} includes in file order
 * @param interfaces  {@code --%%interfaces} Lua array source, or null
 * @param description {@code --%%description} with surrounding quotes removed, or null
 * @param uid         {@code --%%uid} ({@code properties.quickAppUuid}), or null
 * @param manufacturer {@code --%%manufacturer}, or null
 * @param model       {@code --%%model}, or null
 * @param offline     {@code --%%offline}, or null when absent
 * @param proxy       {@code --%%proxy}, or null when absent
 * @param desktop     {@code --%%desktop}, or null when absent
 * @param debug       {@code --%%debug}, or null when absent
 * @param time        {@code --%%time}, the emulated clock's start, or null when absent
 * @param save        {@code --%%save}, the .fqa file to write when the QuickApp starts, or null
 * @param warnings    one line per header that was not understood (unknown key, bad value); never fatal
 */
public record QaHeaders(
        String name,
        String type,
        List<Var> vars,
        List<String> ui,
        List<Include> files,
        String interfaces,
        String description,
        String uid,
        String manufacturer,
        String model,
        Boolean offline,
        Boolean proxy,
        Boolean desktop,
        Boolean debug,
        StartTime time,
        String save,
        List<String> warnings) {

    /** Copies the lists. */
    public QaHeaders {
        vars = List.copyOf(vars);
        ui = List.copyOf(ui);
        files = List.copyOf(files);
        warnings = List.copyOf(warnings);
    }

    /**
     * One {@code --%%var:name=expr} directive.
     *
     * @param name the quickApp variable's name
     * @param expr the value as Lua expression source ({@code "London"} with quotes is a string)
     */
    public record Var(String name, String expr) {}

    /**
     * One {@code --%%file:path,name} directive.
     *
     * @param path the file, relative to the working directory unless absolute
     * @param name the file's name inside the QuickApp
     */
    public record Include(String path, String name) {}
}
