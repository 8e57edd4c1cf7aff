package org.luaj.vm2.compiler;

import dev.jeplua.engine.luaj.Lua54Operators;
import dev.jeplua.engine.luaj.ToBeClosed;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.luaj.vm2.LocVars;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Upvaldesc;

/**
 * LuaJ's lexer and parser ({@link LexState}) extended with the Lua 5.4 syntax that 5.2 lacks
 * (Lua 5.4 manual §3.1, §3.3.7, §3.4.2, §3.4.8):
 * <ul>
 *   <li>the operators {@code //}, {@code &}, {@code |}, binary and unary {@code ~}, {@code <<},
 *       {@code >>}, with 5.4's precedence (from lowest: {@code or}; {@code and}; comparisons;
 *       {@code |}; {@code ~}; {@code &}; shifts; {@code ..} (right); {@code + -};
 *       {@code * / // %}; unary operators; {@code ^} (right));
 *   <li>variable attributes {@code local x <const> = ...} (assigning to it later is the compile
 *       error {@code attempt to assign to const variable 'x'}, also through upvalues) and
 *       {@code local x <close> = ...} (§3.3.8: calls into {@link ToBeClosed} where the variable
 *       is declared, where its block ends, before a {@code break} or {@code goto} out of it
 *       and before a {@code return});
 *   <li>the string escape <code>&#92;u{hex}</code> (UTF-8 of a code point up to 2^31).
 * </ul>
 * LuaJ's virtual machine has no instructions for the new operators, so each is compiled as a call
 * of a function constant of the chunk ({@link Lua54Operators}): {@code a // b} becomes
 * {@code LOADK r, idiv; MOVE r+1, a; MOVE r+2, b; CALL r 3 2}. The call carries the operator's
 * line, so errors point at it.
 *
 * <p>This is JEPLua's own class; it lives in LuaJ's package because {@link LexState} and
 * {@link FuncState} keep their parsing state package-private. One parser per chunk; any thread.
 */
public final class Lua54Parser extends LexState {
    /** Token codes after LuaJ's last one ({@code TK_STRING = 289}). */
    static final int TK_IDIV = 290;

    static final int TK_SHL = 291;
    static final int TK_SHR = 292;

    /** Binary operator codes after LuaJ's {@code OPR_OR = 14} ({@code OPR_NOBINOPR = 15}). */
    static final int OPR_IDIV = 16;

    static final int OPR_BAND = 17;
    static final int OPR_BOR = 18;
    static final int OPR_BXOR = 19;
    static final int OPR_SHL = 20;
    static final int OPR_SHR = 21;

    /** Unary operator code after LuaJ's {@code OPR_NOUNOPR = 3}. */
    static final int OPR_BNOT = 4;

    /** Left and right priority of each binary operator code (Lua 5.4's {@code lparser.c} table). */
    private static final int[] LEFT = new int[22];

    private static final int[] RIGHT = new int[22];
    private static final int UNARY = 12;

    static {
        prio(OPR_ADD, 10, 10);
        prio(OPR_SUB, 10, 10);
        prio(OPR_MUL, 11, 11);
        prio(OPR_DIV, 11, 11);
        prio(OPR_MOD, 11, 11);
        prio(OPR_IDIV, 11, 11);
        prio(OPR_POW, 14, 13);
        prio(OPR_CONCAT, 9, 8);
        prio(OPR_BAND, 6, 6);
        prio(OPR_BOR, 4, 4);
        prio(OPR_BXOR, 5, 5);
        prio(OPR_SHL, 7, 7);
        prio(OPR_SHR, 7, 7);
        for (int op : new int[] {OPR_NE, OPR_EQ, OPR_LT, OPR_LE, OPR_GT, OPR_GE}) {
            prio(op, 3, 3);
        }
        prio(OPR_AND, 2, 2);
        prio(OPR_OR, 1, 1);
    }

    private static void prio(int op, int left, int right) {
        LEFT[op] = left;
        RIGHT[op] = right;
    }

    /** The {@code <const>} locals of this chunk (their debug records, one per declaration). */
    private final Set<LocVars> constants = Collections.newSetFromMap(new IdentityHashMap<>());

    /** The engine's to-be-closed variables, whose functions {@code <close>} compiles to calls of. */
    private final ToBeClosed toBeClosed;

    /** The code of {@code <close>} variables: declarations, closing at block ends and jumps. */
    private final ToBeClosedCode closeCode;

    /** Reads short strings with 5.4's escapes. */
    final Lua54Strings strings = new Lua54Strings(this);

    /** Reads 5.4's tokens, handing the rest to LuaJ's lexer. */
    private final Lua54Lexer lexer = new Lua54Lexer(this);

    private Lua54Parser(LuaC.CompileState state, InputStream stream, ToBeClosed toBeClosed) {
        super(state, stream);
        this.toBeClosed = toBeClosed;
        this.closeCode = new ToBeClosedCode(this, toBeClosed);
    }

    /**
     * A compiler of Lua 5.4 source for one engine (text chunks; binary chunks are LuaJ's undump's
     * business).
     *
     * @param toBeClosed the engine's to-be-closed variables ({@link ToBeClosed#of})
     */
    public static org.luaj.vm2.Globals.Compiler compiler(ToBeClosed toBeClosed) {
        return (stream, chunkName) -> compile(stream, chunkName, toBeClosed);
    }

    /**
     * Compiles one chunk, as LuaJ's {@code LuaC} does, with this parser.
     *
     * @param toBeClosed the engine's to-be-closed variables
     * @param stream    the source text
     * @param chunkName the chunk name ({@code @file.lua}, {@code =stdin}, or the source itself)
     * @return the main function's prototype
     * @throws org.luaj.vm2.LuaError {@code chunk:line: message near 'token'} on a syntax error
     */
    public static Prototype compile(InputStream stream, String chunkName, ToBeClosed toBeClosed) throws IOException {
        LuaC.CompileState state = new LuaC.CompileState();
        Lua54Parser parser = new Lua54Parser(state, stream, toBeClosed);
        FuncState main = new FuncState();
        parser.fs = main;
        parser.setinput(state, stream.read(), stream, LuaValue.valueOf(chunkName));
        main.f = new Prototype();
        main.f.source = LuaValue.valueOf(chunkName);
        parser.mainfunc(main);
        return main.f;
    }

    // ---------------------------------------------------------------- lexer

    /*
     * LuaJ's token classes (LexState.Token, LexState.SemInfo) are private, so this class cannot
     * override llex(SemInfo) or read LexState.t.token in source; it reaches them through
     * VarHandles (same package, resolved once); the characters of a token are read by
     * Lua54Lexer.
     */
    private static final VarHandle CURRENT_TOKEN; // LexState.t

    private static final VarHandle LOOKAHEAD_TOKEN; // LexState.lookahead
    private static final VarHandle TOKEN_CODE; // Token.token
    private static final VarHandle TOKEN_SEMINFO; // Token.seminfo

    static {
        try {
            Class<?> token = Class.forName("org.luaj.vm2.compiler.LexState$Token");
            Class<?> seminfo = Class.forName("org.luaj.vm2.compiler.LexState$SemInfo");
            MethodHandles.Lookup lexState = MethodHandles.privateLookupIn(LexState.class, MethodHandles.lookup());
            CURRENT_TOKEN = lexState.findVarHandle(LexState.class, "t", token);
            LOOKAHEAD_TOKEN = lexState.findVarHandle(LexState.class, "lookahead", token);
            MethodHandles.Lookup tokens = MethodHandles.privateLookupIn(token, MethodHandles.lookup());
            TOKEN_CODE = tokens.findVarHandle(token, "token", int.class);
            TOKEN_SEMINFO = tokens.findVarHandle(token, "seminfo", seminfo);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The current token's code (a character, or a {@code TK_} constant). */
    private int token() {
        return (int) TOKEN_CODE.get(CURRENT_TOKEN.get(this));
    }

    @Override
    void next() {
        Object lookahead = LOOKAHEAD_TOKEN.get(this);
        if ((int) TOKEN_CODE.get(lookahead) != TK_EOS) {
            super.next(); // takes the token read ahead
            return;
        }
        lastline = linenumber;
        Object current = CURRENT_TOKEN.get(this);
        TOKEN_CODE.set(current, lexer.lex(TOKEN_SEMINFO.get(current)));
    }

    @Override
    void lookahead() {
        Object lookahead = LOOKAHEAD_TOKEN.get(this);
        TOKEN_CODE.set(lookahead, lexer.lex(TOKEN_SEMINFO.get(lookahead)));
    }

    @Override
    String token2str(int token) {
        return switch (token) {
            case TK_IDIV -> "'//'";
            case TK_SHL -> "'<<'";
            case TK_SHR -> "'>>'";
            default -> super.token2str(token);
        };
    }

    // ---------------------------------------------------------------- expressions

    @Override
    int getunopr(int op) {
        return op == '~' ? OPR_BNOT : super.getunopr(op);
    }

    @Override
    int getbinopr(int op) {
        return switch (op) {
            case TK_IDIV -> OPR_IDIV;
            case '&' -> OPR_BAND;
            case '|' -> OPR_BOR;
            case '~' -> OPR_BXOR;
            case TK_SHL -> OPR_SHL;
            case TK_SHR -> OPR_SHR;
            default -> super.getbinopr(op);
        };
    }

    @Override
    int subexpr(expdesc v, int limit) {
        enterlevel();
        int uop = getunopr(token());
        if (uop != OPR_NOUNOPR) {
            int line = linenumber;
            next();
            subexpr(v, UNARY);
            if (uop == OPR_BNOT) {
                int base = callBase(v, Lua54Operators.BNOT);
                call(v, base, 1, line);
            } else {
                fs.prefix(uop, v, line);
            }
        } else {
            simpleexp(v);
        }
        int op = getbinopr(token());
        while (op != OPR_NOBINOPR && LEFT[op] > limit) {
            expdesc v2 = new expdesc();
            int line = linenumber;
            next();
            LuaValue helper = helper(op);
            if (helper != null) {
                int base = callBase(v, helper);
                int nextop = subexpr(v2, RIGHT[op]);
                fs.exp2nextreg(v2);
                call(v, base, 2, line);
                op = nextop;
            } else {
                fs.infix(op, v);
                int nextop = subexpr(v2, RIGHT[op]);
                fs.posfix(op, v, v2, line);
                op = nextop;
            }
        }
        leavelevel();
        return op;
    }

    private static LuaValue helper(int op) {
        return switch (op) {
            case OPR_IDIV -> Lua54Operators.IDIV;
            case OPR_BAND -> Lua54Operators.BAND;
            case OPR_BOR -> Lua54Operators.BOR;
            case OPR_BXOR -> Lua54Operators.BXOR;
            case OPR_SHL -> Lua54Operators.SHL;
            case OPR_SHR -> Lua54Operators.SHR;
            default -> null;
        };
    }

    /**
     * Puts {@code helper} and the first operand in two consecutive new registers (the function
     * below its argument, as {@code CALL} wants them) and returns the function's register.
     */
    private int callBase(expdesc operand, LuaValue helper) {
        fs.exp2nextreg(operand); // operand in the top register r
        int r = operand.u.info;
        fs.reserveregs(1);
        fs.codeABC(Lua.OP_MOVE, r + 1, r, 0);
        fs.codeABx(Lua.OP_LOADK, r, fs.addk(helper));
        return r;
    }

    /** {@code CALL base} with {@code nargs} arguments above it, one result left in {@code base}. */
    private void call(expdesc result, int base, int nargs, int line) {
        fs.codeABC(Lua.OP_CALL, base, nargs + 1, 2);
        fs.fixline(line);
        fs.freereg = (short) (base + 1);
        result.init(VNONRELOC, base);
    }

    // ---------------------------------------------------------------- attributes and assignment

    @Override
    void localstat() {
        int nvars = 0;
        int closeVar = -1;
        expdesc e = new expdesc();
        do {
            new_localvar(str_checkname());
            if (testnext('<')) {
                String attribute = str_checkname().tojstring();
                checknext('>');
                LocVars declared = fs.f.locvars[dyd.actvar[dyd.n_actvar - 1].idx];
                switch (attribute) {
                    case "const" -> constants.add(declared);
                    case "close" -> {
                        if (closeVar >= 0) {
                            semerror("multiple to-be-closed variables in local list");
                        }
                        closeVar = nvars;
                        constants.add(declared); // a to-be-closed variable is also constant (5.4)
                    }
                    default -> semerror("unknown attribute '" + attribute + "'");
                }
            }
            nvars++;
        } while (testnext(','));
        int nexps;
        if (testnext('=')) {
            nexps = explist(e);
        } else {
            e.k = VVOID;
            nexps = 0;
        }
        adjust_assign(nvars, nexps, e);
        adjustlocalvars(nvars);
        if (closeVar >= 0) {
            closeCode.declare(fs.nactvar - nvars + closeVar);
        }
    }

    // ---------------------------------------------------------------- to-be-closed variables

    @Override
    void block() {
        FuncState.BlockCnt bl = new FuncState.BlockCnt();
        fs.enterblock(bl, false);
        statlist();
        closeCode.endOf(bl); // the block ends normally
        fs.leaveblock();
    }

    /**
     * {@code repeat ... until cond}: as LuaJ compiles it, except that when the body declared
     * to-be-closed variables the condition (which sees them) is evaluated first, then they are
     * closed, then the loop goes back or ends (Lua 5.4 manual §3.3.8).
     */
    @Override
    void repeatstat(int line) {
        int start = fs.getlabel();
        FuncState.BlockCnt loop = new FuncState.BlockCnt();
        FuncState.BlockCnt body = new FuncState.BlockCnt();
        fs.enterblock(loop, true);
        fs.enterblock(body, false);
        next(); // 'repeat'
        statlist();
        check_match(TK_UNTIL, TK_REPEAT, line);
        expdesc condition = new expdesc();
        expr(condition);
        if (condition.k == VNIL) {
            condition.k = VFALSE;
        }
        if (closeCode.declaredIn(body)) {
            fs.exp2nextreg(condition); // keep the value while the variables are closed
            closeCode.endOf(body);
        }
        fs.goiftrue(condition);
        int again = condition.f.i; // jumps taken when the condition is false
        if (body.upval) {
            fs.patchclose(again, body.nactvar);
        }
        fs.leaveblock();
        fs.patchlist(again, start);
        fs.leaveblock();
    }

    @Override
    void close_func() {
        closeCode.endOf(fs.bl); // the function's body ends without a return
        super.close_func();
    }

    @Override
    void statement() {
        int token = token();
        if (token == TK_BREAK) {
            FuncState.BlockCnt loop = closeCode.loopBlock();
            if (loop != null && closeCode.open(true) > 0) {
                closeCode.emitClose(loop.nactvar);
            }
        } else if (token == TK_GOTO && closeCode.open(false) > 0) {
            lookahead(); // the label's name
            closeCode.beforeGoto(Lua54Lexer.string(TOKEN_SEMINFO.get(LOOKAHEAD_TOKEN.get(this))));
        }
        super.statement();
    }

    @Override
    void labelstat(LuaString label, int line) {
        super.labelstat(label, line);
        closeCode.atLabel(label);
    }

    /**
     * {@code if cond then ... end} (and each {@code elseif}). LuaJ compiles {@code if c then break}
     * as one conditional jump to the loop's end; with to-be-closed variables open the break must
     * close them first, so then the block is compiled as a plain block whose {@code break} is a
     * statement.
     */
    @Override
    void test_then_block(IntPtr escapelist) {
        if (closeCode.open(false) == 0) {
            super.test_then_block(escapelist);
            return;
        }
        next(); // 'if' or 'elseif'
        expdesc condition = new expdesc();
        expr(condition);
        checknext(TK_THEN);
        fs.goiftrue(condition); // skip the block when the condition is false
        int whenFalse = condition.f.i;
        block();
        int token = token();
        if (token == TK_ELSE || token == TK_ELSEIF) {
            fs.concat(escapelist, fs.jump()); // jump over the rest of the if
        }
        fs.patchtohere(whenFalse);
    }

    @Override
    void retstat() {
        if (closeCode.open(false) == 0) {
            super.retstat();
            return;
        }
        // return values are packed, the variables closed, then the values unpacked and returned
        int base = fs.freereg;
        fs.reserveregs(1);
        fs.codeABx(Lua.OP_LOADK, base, fs.addk(ToBeClosed.pack));
        if (block_follow(true) || token() == ';') {
            fs.codeABC(Lua.OP_CALL, base, 1, 2);
        } else {
            expdesc e = new expdesc();
            int n = explist(e);
            if (hasmultret(e.k)) {
                fs.setmultret(e);
                fs.codeABC(Lua.OP_CALL, base, 0, 2);
            } else {
                fs.exp2nextreg(e);
                fs.codeABC(Lua.OP_CALL, base, n + 1, 2);
            }
        }
        fs.freereg = (short) (base + 1);
        closeCode.emitClose(0);
        fs.reserveregs(2);
        fs.codeABx(Lua.OP_LOADK, base + 1, fs.addk(ToBeClosed.unpack));
        fs.codeABC(Lua.OP_MOVE, base + 2, base, 0);
        fs.codeABC(Lua.OP_CALL, base + 1, 2, 0);
        fs.ret(base + 1, Lua.LUA_MULTRET);
        testnext(';');
    }

    @Override
    void assignment(LHS_assign lh, int nvars) {
        checkNotConstant(lh.v);
        super.assignment(lh, nvars);
    }

    /** Raises {@code attempt to assign to const variable 'x'} when {@code target} is a const local or an upvalue of one. */
    private void checkNotConstant(expdesc target) {
        LocVars var = null;
        if (target.k == VLOCAL) {
            var = fs.getlocvar(target.u.info);
        } else if (target.k == VUPVAL) {
            var = upvalueVariable(fs, target.u.info);
        }
        if (var != null && constants.contains(var)) {
            semerror("attempt to assign to const variable '" + var.varname.tojstring() + "'");
        }
    }

    /** The local variable an upvalue of {@code f} stands for, following enclosing functions. */
    private static LocVars upvalueVariable(FuncState f, int upvalue) {
        while (f != null && f.prev != null) {
            Upvaldesc u = f.f.upvalues[upvalue];
            if (u.instack) {
                return f.prev.getlocvar(u.idx);
            }
            upvalue = u.idx;
            f = f.prev;
        }
        return null; // _ENV of the main chunk
    }
}
