package dev.jeplua.engine.compile;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaDouble;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;

/**
 * Expressions of one prototype computed on unboxed numbers: a run of consecutive arithmetic
 * instructions ({@code + - * /}, unary {@code -}) that forms one expression tree, such as
 * {@code dx*dx + dy*dy + dz*dz} (five instructions whose four intermediate results are
 * temporaries, each read once by a later instruction of the run), gets a fast path in front of
 * its instructions: when every register the tree reads ("leaf") is a float ({@code LuaDouble}),
 * the tree is computed as JVM {@code double}s and only its result is boxed and stored; when every
 * leaf is a 32-bit integer ({@code LuaInteger}) and the tree has an integer constant (which
 * variants a tree gets: {@link #emit}), the tree is computed with Lua 5.4's rules on
 * {@code long}s (wrapping integer {@code + - *}, {@code /} and any operation with a float
 * constant as {@code double}s), its result boxed as {@code CompiledArith} would. Any other mix of
 * operand types runs the instructions one by one as before (the slow path, which also raises the
 * errors and calls the metamethods), so results, errors and metamethods are unchanged: the fast
 * path only runs where each instruction's own fast path would have given the same numbers, without
 * a box per intermediate result and with one type test per leaf instead of two per instruction.
 *
 * <p>A run qualifies when no instruction but its first is a jump target, no loop entry spill
 * follows any of its instructions, every constant operand is a number, no instruction has two
 * constant operands, and each intermediate register is a temporary (above the named locals
 * active until it is read: Lua's code generator reads such a register exactly once); prototypes
 * without local variable information (stripped chunks) get no fast paths. Large prototypes get
 * none either ({@link #MAX_CODE}), and {@code BodyGenerator} generates a method without fast
 * paths when they would take it over the size the JVM's JIT compiles. Stateless after construction; build thread.
 */
final class ArithmeticGroups implements Opcodes {
    /** Prototypes with more instructions get no fast paths (the JIT skips methods over 8000 bytes). */
    static final int MAX_CODE = 200;

    private static final String DOUBLE = "org/luaj/vm2/LuaDouble";
    private static final String INTEGER = "org/luaj/vm2/LuaInteger";

    /** A node of an expression tree: a register leaf, a numeric constant, or an operation. */
    private record Node(int op, int reg, LuaValue constant, Node left, Node right) {
        static Node leaf(int r) {
            return new Node(-1, r, null, null, null);
        }

        static Node constant(LuaValue k) {
            return new Node(-1, -1, k, null, null);
        }

        boolean isLeaf() {
            return op < 0 && constant == null;
        }

        boolean isConstant() {
            return constant != null;
        }

        int ops() {
            return op < 0 ? 0 : 1 + left.ops() + (right == null ? 0 : right.ops());
        }
    }

    private record Group(int last, Node root, int[] leaves) {}

    private final Group[] groups;

    ArithmeticGroups(Prototype p, SpillAnalysis spills, RegisterPlan plan) {
        int[] code = p.code;
        groups = new Group[code.length];
        if (code.length > MAX_CODE || p.locvars == null || p.locvars.length == 0) {
            return;
        }
        boolean[] target = targets(code);
        for (int pc = 0; pc < code.length; pc++) {
            Group g = build(p, pc, target, spills, plan);
            if (g != null) {
                groups[pc] = g;
                pc = g.last();
            }
        }
    }

    /** True when a tree of arithmetic instructions starts at {@code pc}. */
    boolean starts(int pc) {
        return groups[pc] != null;
    }

    /** The last instruction of the run starting at {@code pc}, or -1 when none starts there. */
    int last(int pc) {
        return groups[pc] == null ? -1 : groups[pc].last();
    }

    private static boolean[] targets(int[] code) {
        boolean[] t = new boolean[code.length + 2];
        for (int pc = 0; pc < code.length; pc++) {
            int i = code[pc];
            switch (Lua.GET_OPCODE(i)) {
                case Lua.OP_JMP, Lua.OP_FORPREP, Lua.OP_FORLOOP, Lua.OP_TFORLOOP -> {
                    int to = pc + 1 + Lua.GETARG_sBx(i);
                    if (to >= 0 && to < t.length) {
                        t[to] = true;
                    }
                }
                case Lua.OP_EQ, Lua.OP_LT, Lua.OP_LE, Lua.OP_TEST, Lua.OP_TESTSET -> t[pc + 2] = true;
                case Lua.OP_LOADBOOL -> {
                    if (Lua.GETARG_C(i) != 0) {
                        t[pc + 2] = true;
                    }
                }
                case Lua.OP_SETLIST -> {
                    if (Lua.GETARG_C(i) == 0) {
                        t[pc + 1] = true; // the data word: never part of a run
                        t[pc + 2] = true;
                        pc++;
                    }
                }
                default -> {}
            }
        }
        return t;
    }

    private static boolean arithmetic(int op) {
        return op == Lua.OP_ADD || op == Lua.OP_SUB || op == Lua.OP_MUL || op == Lua.OP_DIV || op == Lua.OP_UNM;
    }

    /** The longest run starting at {@code start} that forms one tree, or null. */
    private static Group build(Prototype p, int start, boolean[] target, SpillAnalysis spills, RegisterPlan plan) {
        int[] code = p.code;
        Map<Integer, Node> pending = new HashMap<>(); // intermediate results not read yet
        Map<Integer, Integer> producedAt = new HashMap<>();
        Set<Integer> written = new LinkedHashSet<>();
        Set<Integer> leaves = new LinkedHashSet<>();
        Group best = null;
        for (int pc = start; pc < code.length; pc++) {
            int i = code[pc];
            int op = Lua.GET_OPCODE(i);
            if (!arithmetic(op) || (pc > start && target[pc]) || spills.beforeLoop(pc) != null) {
                break;
            }
            int a = Lua.GETARG_A(i);
            Node left = operand(p, Lua.GETARG_B(i), pc, pending, producedAt, written, leaves, plan);
            if (left == null) {
                break;
            }
            Node right = null;
            if (op != Lua.OP_UNM) {
                right = operand(p, Lua.GETARG_C(i), pc, pending, producedAt, written, leaves, plan);
                if (right == null || (left.isConstant() && right.isConstant())) {
                    break;
                }
            } else if (left.isConstant()) {
                break;
            }
            if (pending.containsKey(a)) {
                break; // an intermediate overwritten before it was read: not a tree
            }
            Node n = new Node(op, -1, null, left, right);
            pending.put(a, n);
            producedAt.put(a, pc);
            written.add(a);
            if (pending.size() == 1) {
                best = new Group(
                        pc, n, leaves.stream().mapToInt(Integer::intValue).toArray());
            }
        }
        if (best == null || !worthIt(best.root())) {
            return null;
        }
        return best;
    }

    /**
     * A single instruction gets a tree only for {@code /} or with a float constant: one with an
     * integer constant ({@code n - 1}) is likely integer code, and one on two registers
     * ({@code a + b}, {@code -x}) would only repeat {@code CompiledArith}'s own float case in the
     * method's bytecode (which the JIT's inlining budget counts); both are left to the
     * instruction's own fast path.
     */
    private static boolean worthIt(Node root) {
        if (root.ops() > 1) {
            return true;
        }
        return root.op() == Lua.OP_DIV
                || isFloatConstant(root.left())
                || (root.right() != null && isFloatConstant(root.right()));
    }

    private static boolean isFloatConstant(Node n) {
        return n.isConstant() && n.constant() instanceof LuaDouble;
    }

    /**
     * Operand RK({@code x}) of the instruction at {@code pc}: a constant (numbers only), an
     * intermediate result of the run (read once, a temporary from its instruction up to
     * {@code pc}), or a leaf register; null when the run cannot include the instruction.
     */
    private static Node operand(
            Prototype p,
            int x,
            int pc,
            Map<Integer, Node> pending,
            Map<Integer, Integer> producedAt,
            Set<Integer> written,
            Set<Integer> leaves,
            RegisterPlan plan) {
        if (x > 0xff) {
            LuaValue k = p.k[x & 0xff];
            return k.isnumber() && k.type() == LuaValue.TNUMBER ? Node.constant(k) : null;
        }
        Node n = pending.remove(x);
        if (n != null) {
            for (int q = producedAt.get(x) + 1; q <= pc; q++) {
                if (x < plan.active(q)) {
                    return null; // a named local: it may be read again later
                }
            }
            return n;
        }
        if (written.contains(x)) {
            return null; // an intermediate read twice
        }
        leaves.add(x);
        return Node.leaf(x);
    }

    /**
     * Emits the fast paths of the run starting at {@code pc}, before its first instruction's own
     * code (inside that instruction's label range): on success the result is stored in the last
     * instruction's register and control goes on after the run; otherwise it falls through to
     * the instructions' own code.
     */
    void emit(Emitter e, int pc) {
        Group g = groups[pc];
        MethodVisitor mv = e.mv;
        Label slow = new Label();
        Label notDouble = new Label();
        boolean ints = has(g.root(), false);
        boolean doubles = !ints || has(g.root(), true) || hasDivision(g.root());
        if (doubles) {
            emitVariant(e, g, false, ints ? notDouble : slow);
        }
        if (ints) {
            mv.visitLabel(notDouble);
            emitVariant(e, g, true, slow);
        }
        mv.visitLabel(slow);
    }

    /*
     * Which variants a tree gets (each costs bytecode in a method whose size the JIT's inlining
     * budget counts): the all-integer one only when the tree has an integer constant (i + 1,
     * n * (n - 1)), the all-float one unless the tree's only constants are integers and it does
     * not divide. The other mixes run the instructions one by one, as without a fast path.
     */

    /** Whether the tree has a float constant ({@code floats}) or an integer constant. */
    private static boolean has(Node n, boolean floats) {
        if (n.isConstant()) {
            return (n.constant() instanceof LuaDouble) == floats;
        }
        return n.op() >= 0 && (has(n.left(), floats) || (n.right() != null && has(n.right(), floats)));
    }

    private static boolean hasDivision(Node n) {
        return n.op() == Lua.OP_DIV
                || (n.op() >= 0 && (hasDivision(n.left()) || (n.right() != null && hasDivision(n.right()))));
    }

    private void emitVariant(Emitter e, Group g, boolean ints, Label fail) {
        MethodVisitor mv = e.mv;
        for (int r : g.leaves()) {
            e.reg(r);
            mv.visitTypeInsn(INSTANCEOF, ints ? INTEGER : DOUBLE);
            mv.visitJumpInsn(IFEQ, fail);
        }
        Node root = g.root();
        if (isInt(root, ints)) {
            push(e, root, ints, true);
            mv.visitMethodInsn(
                    INVOKESTATIC, "org/luaj/vm2/Lua54Numbers", "integer", "(J)Lorg/luaj/vm2/LuaNumber;", false);
        } else {
            push(e, root, ints, false);
            mv.visitMethodInsn(INVOKESTATIC, DOUBLE, "valueOf", "(D)Lorg/luaj/vm2/LuaNumber;", false);
        }
        e.store(Lua.GETARG_A(e.p.code[g.last()]));
        mv.visitJumpInsn(GOTO, e.at(g.last() + 1));
    }

    /** Whether node {@code n} is an integer when every leaf is one ({@code ints}) or every leaf a float. */
    private static boolean isInt(Node n, boolean ints) {
        if (n.isLeaf()) {
            return ints;
        }
        if (n.isConstant()) {
            return !(n.constant() instanceof LuaDouble);
        }
        return switch (n.op()) {
            case Lua.OP_DIV -> false;
            case Lua.OP_UNM -> isInt(n.left(), ints);
            default -> isInt(n.left(), ints) && isInt(n.right(), ints);
        };
    }

    /** Pushes node {@code n} as a {@code long} ({@code asLong}, only for integer nodes) or a {@code double}. */
    private static void push(Emitter e, Node n, boolean ints, boolean asLong) {
        MethodVisitor mv = e.mv;
        if (n.isLeaf()) {
            e.reg(n.reg());
            if (ints) {
                mv.visitTypeInsn(CHECKCAST, INTEGER);
                mv.visitFieldInsn(GETFIELD, INTEGER, "v", "I");
                mv.visitInsn(asLong ? I2L : I2D);
            } else {
                mv.visitTypeInsn(CHECKCAST, DOUBLE);
                mv.visitFieldInsn(GETFIELD, DOUBLE, "v", "D");
            }
            return;
        }
        if (n.isConstant()) {
            LuaValue k = n.constant();
            if (asLong) {
                mv.visitLdcInsn(k.tolong());
            } else {
                mv.visitLdcInsn(k.todouble());
            }
            return;
        }
        int op = n.op();
        if (asLong) { // an integer operation: both operands integers, Java's long arithmetic wraps as Lua's
            push(e, n.left(), ints, true);
            if (op == Lua.OP_UNM) {
                mv.visitInsn(LNEG);
                return;
            }
            push(e, n.right(), ints, true);
            mv.visitInsn(
                    switch (op) {
                        case Lua.OP_ADD -> LADD;
                        case Lua.OP_SUB -> LSUB;
                        default -> LMUL;
                    });
            return;
        }
        pushDouble(e, n.left(), ints);
        if (op == Lua.OP_UNM) {
            mv.visitInsn(DNEG);
            return;
        }
        pushDouble(e, n.right(), ints);
        switch (op) {
            case Lua.OP_ADD -> mv.visitInsn(DADD);
            case Lua.OP_SUB -> mv.visitInsn(DSUB);
            case Lua.OP_MUL -> mv.visitInsn(DMUL);
            default -> mv.visitMethodInsn(INVOKESTATIC, "org/luaj/vm2/Lua54Numbers", "ddivD", "(DD)D", false);
        }
    }

    /** Pushes node {@code n} as a {@code double}: an integer node is computed as a {@code long} and converted, as Lua converts it. */
    private static void pushDouble(Emitter e, Node n, boolean ints) {
        if (isInt(n, ints) && !n.isConstant()) {
            push(e, n, ints, true);
            e.mv.visitInsn(L2D);
        } else {
            push(e, n, ints, false);
        }
    }
}
