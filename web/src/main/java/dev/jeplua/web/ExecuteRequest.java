package dev.jeplua.web;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * A parsed {@code POST /execute} body (README.md#rest-api-and-web-repl):
 * <pre>
 * {"code": "lua source", "timeout": seconds}          ("script" is accepted for "code")
 * {"is_json": true, "function": "name.path", "module": "mod", "args": [..], "timeout": s}
 * </pre>
 * The function-call form (EPLua) calls {@code require(module).name.path(args...)} or, without
 * a module, the global {@code name.path}; it is turned into a small Lua chunk whose arguments
 * are Lua literals built from the JSON values (null → nil; a number beyond the double range
 * such as {@code 1e400} → {@code math.huge}, as Lua reads it in source), so no JSON library is
 * involved on the Lua side.
 *
 * @param code        Lua source to run
 * @param interactive true for user code ({@code return <code>} first, as in the REPL); false
 *                    for the generated function-call chunk
 * @param timeoutMs   timeout in milliseconds (from {@code timeout} in seconds, default 30 s)
 */
record ExecuteRequest(String code, boolean interactive, long timeoutMs) {
    /** Default {@code timeout}: 30 s. */
    static final double DEFAULT_TIMEOUT_S = 30;
    /** Largest accepted {@code timeout}: one day. */
    static final double MAX_TIMEOUT_S = 86_400;

    /** The request body is not a valid execute request; the message says why (shown to the client). */
    static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }

    /**
     * Parses a request body.
     *
     * @param body UTF-8 JSON bytes
     * @throws BadRequest for malformed JSON, a body that is not an object, a missing or
     *                    non-string {@code code}, a bad {@code timeout}, or a bad function call
     */
    static ExecuteRequest parse(byte[] body) throws BadRequest {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + " column " + at.getColumnNr();
            throw new BadRequest("malformed JSON" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadRequest("malformed JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new BadRequest("the request body must be a JSON object like {\"code\": \"return 1\"}");
        }
        long timeoutMs = timeoutMs(root.get("timeout"));
        if (root.path("is_json").asBoolean(false)) {
            return new ExecuteRequest(functionCall(root), false, timeoutMs);
        }
        JsonNode code = root.has("code") ? root.get("code") : root.get("script");
        if (code == null || code.isNull()) {
            throw new BadRequest("missing \"code\" (the Lua source to run)");
        }
        if (!code.isTextual()) {
            throw new BadRequest("\"code\" must be a string");
        }
        return new ExecuteRequest(code.textValue(), true, timeoutMs);
    }

    private static long timeoutMs(JsonNode timeout) throws BadRequest {
        if (timeout == null || timeout.isNull()) {
            return (long) (DEFAULT_TIMEOUT_S * 1000);
        }
        if (!timeout.isNumber() || !(timeout.doubleValue() > 0) || timeout.doubleValue() > MAX_TIMEOUT_S) {
            throw new BadRequest(
                    "\"timeout\" must be a number of seconds greater than 0 and at most " + (long) MAX_TIMEOUT_S);
        }
        return Math.max(1, Math.round(timeout.doubleValue() * 1000));
    }

    private static String functionCall(JsonNode root) throws BadRequest {
        JsonNode fn = root.get("function");
        if (fn == null || !fn.isTextual() || fn.textValue().isEmpty()) {
            throw new BadRequest("\"is_json\" requests need \"function\": the name of the function to call");
        }
        JsonNode module = root.get("module");
        if (module != null && !module.isNull() && !module.isTextual()) {
            throw new BadRequest("\"module\" must be a string");
        }
        String name = fn.textValue();
        StringBuilder lua = new StringBuilder("local v = ");
        if (module != null && module.isTextual() && !module.textValue().isEmpty()) {
            lua.append("require(").append(quote(module.textValue())).append(")\n");
        } else {
            lua.append("_G\n");
        }
        lua.append("for _, k in ipairs({");
        String[] parts = name.split("\\.", -1);
        for (int i = 0; i < parts.length; i++) {
            lua.append(i > 0 ? ", " : "").append(quote(parts[i]));
        }
        String quotedName = quote(name);
        lua.append("}) do\n")
                .append("  if type(v) ~= 'table' then error('is_json: function ' .. ")
                .append(quotedName)
                .append(" .. ' not found', 0) end\n")
                .append("  v = v[k]\n")
                .append("end\n")
                .append("local mt = getmetatable(v)\n")
                .append("if type(v) ~= 'function' and not (type(mt) == 'table' and mt.__call) then\n")
                .append("  error('is_json: ' .. ")
                .append(quotedName)
                .append(" .. ' is not a function (' .. type(v) .. ')', 0)\n")
                .append("end\n")
                .append("return v(");
        JsonNode args = root.get("args");
        if (args != null && !args.isNull()) {
            if (args.isArray()) {
                for (int i = 0; i < args.size(); i++) {
                    lua.append(i > 0 ? ", " : "");
                    literal(args.get(i), lua);
                }
            } else {
                literal(args, lua);
            }
        }
        return lua.append(")\n").toString();
    }

    /** Appends a JSON value as a Lua literal: null → nil, arrays and objects → table constructors. */
    private static void literal(JsonNode v, StringBuilder lua) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            lua.append("nil");
        } else if (v.isBoolean()) {
            lua.append(v.booleanValue());
        } else if (v.isIntegralNumber() && v.canConvertToLong()) {
            lua.append(v.longValue());
        } else if (v.isNumber()) {
            // A number beyond the double range (1e400) is infinite, as Lua 5.2 reads 1e400 in
            // source; Double.toString would give "Infinity", a nil global in Lua.
            double d = v.doubleValue();
            if (Double.isNaN(d)) {
                lua.append("(0/0)");
            } else if (Double.isInfinite(d)) {
                lua.append(d > 0 ? "(1/0)" : "(-1/0)");
            } else {
                lua.append(d);
            }
        } else if (v.isTextual()) {
            lua.append(quote(v.textValue()));
        } else if (v.isArray()) {
            lua.append('{');
            for (int i = 0; i < v.size(); i++) {
                lua.append(i > 0 ? ", " : "");
                literal(v.get(i), lua);
            }
            lua.append('}');
        } else {
            lua.append('{');
            boolean first = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                lua.append(first ? "" : ", ")
                        .append('[')
                        .append(quote(e.getKey()))
                        .append("] = ");
                literal(e.getValue(), lua);
                first = false;
            }
            lua.append('}');
        }
    }

    /** A Lua double-quoted string literal: backslash, quote and control characters escaped as {@code \ddd}. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' || c == '"') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                b.append('\\').append(String.format("%03d", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
