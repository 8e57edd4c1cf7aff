package dev.jeplua.engine.debug;

import dev.jeplua.engine.coroutine.Coroutine;
import dev.jeplua.engine.coroutine.ExecutionInterrupted;
import dev.jeplua.engine.errors.Tracebacks;
import dev.jeplua.engine.luaj.ToBeClosed;
import dev.jeplua.engine.memory.MemoryGuard;
import java.util.concurrent.atomic.AtomicInteger;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.CallDepthLimit;
import org.luaj.vm2.lib.CallStackHooks;
import org.luaj.vm2.lib.DebugLib;
import org.luaj.vm2.lib.HookFrames;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * LuaJ's debug library (which gives tracebacks and line numbers) with two changes: at every
 * Lua instruction it checks whether an interruption is pending and, if the running code's
 * {@link ExecutionContext} was interrupted, throws {@link ExecutionInterrupted}, or, when the
 * {@link MemoryGuard} found the heap over its limit, raises {@code not enough memory} (the common
 * path costs one volatile read per instruction); and while no debug hook is set, calls, returns and
 * instructions update LuaJ's call stack through {@link CallStackHooks}, without the lock LuaJ
 * takes for each (which cost about half the run time of call-heavy code).
 *
 * <p>A debugger ({@link DebugHook}, the {@code debugger} module's {@code --debug}) is called at
 * every instruction while it is {@linkplain #attach attached}; it shares the pending-interrupt
 * check, so while none is attached the instruction path is exactly as before (one volatile read).
 */
public final class InterruptibleDebugLib extends DebugLib {
    private static final LuaValue MEMORY_ERROR = LuaValue.valueOf(MemoryGuard.MESSAGE);
    private final AtomicInteger pendingInterrupts = new AtomicInteger();
    private final org.luaj.vm2.Globals owner;
    private final ToBeClosed toBeClosed;

    /**
     * @param owner the engine's globals, whose running coroutine is checked at each instruction
     */
    public InterruptibleDebugLib(org.luaj.vm2.Globals owner) {
        this.owner = owner;
        this.toBeClosed = ToBeClosed.of(owner);
    }

    private volatile String interruptAll;

    /** Interrupts whatever Lua code runs now or next, whatever its context (shutdown). Any thread. */
    public void interruptAll(String reason) {
        interruptAll = reason;
        pendingInterrupts.incrementAndGet();
    }

    /** True once {@link #interruptAll} was called (shutdown): a stopped debugger lets the code go on, to its end. Any thread. */
    public boolean interruptingAll() {
        return interruptAll != null;
    }

    private final java.util.concurrent.atomic.AtomicBoolean memoryPressure =
            new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Makes the Lua code running now (or next) raise {@code not enough memory} at its next
     * instruction, once (see {@link MemoryGuard}). Any thread.
     */
    public void memoryPressure() {
        if (memoryPressure.compareAndSet(false, true)) {
            pendingInterrupts.incrementAndGet();
        }
    }

    /** Marks that some execution wants to stop. Any thread. */
    public void interruptPending() {
        pendingInterrupts.incrementAndGet();
    }

    /** Marks that an interrupted execution has ended. Engine thread. */
    public void interruptHandled() {
        int floor = hook != null ? 1 : 0; // an attached debugger keeps its own count
        pendingInterrupts.updateAndGet(n -> n > floor ? n - 1 : floor);
    }

    /**
     * True when an interruption, memory pressure or an attached debugger waits for the next
     * instruction: compiled code then calls {@link #onInstruction} (one volatile read otherwise).
     * Engine thread.
     */
    public boolean pendingNow() {
        return pendingInterrupts.get() != 0;
    }

    /**
     * Compiled code's check at function entry and loop back-edges, in one call (a few bytes of the
     * generated method): when {@link #pendingNow}, {@link #onInstruction} with instruction
     * {@code pc} (which records it and may raise the interruption or memory error); otherwise
     * nothing. Engine thread.
     *
     * @param pc the index of the instruction about to run
     */
    public void checkPending(int pc) {
        if (pendingInterrupts.get() != 0) {
            onInstruction(pc, LuaValue.NONE, 0);
        }
    }

    private volatile DebugHook hook;

    /**
     * Makes {@code h} receive every Lua instruction from now on (until {@link #detach}).
     * Any thread.
     *
     * @throws IllegalStateException when another hook is attached
     */
    public synchronized void attach(DebugHook h) {
        if (hook != null) {
            throw new IllegalStateException("a debugger is attached already");
        }
        hook = h;
        pendingInterrupts.incrementAndGet();
    }

    /** Stops calling {@code h} (nothing happens when it is not the attached hook). Any thread. */
    public synchronized void detach(DebugHook h) {
        if (hook == h && h != null) {
            hook = null;
            pendingInterrupts.updateAndGet(n -> n > 0 ? n - 1 : 0);
        }
    }

    /** The attached debugger hook, or null. Any thread. */
    public DebugHook hook() {
        return hook;
    }

    /**
     * Installs LuaJ's debug table with {@code debug.traceback([thread,] [msg [, level]])} worded as
     * Lua 5.4 ({@link Tracebacks}): a {@code msg} that is neither a string nor nil is returned
     * unchanged; {@code level} defaults to 1 for the running coroutine, 0 for another.
     */
    @Override
    public LuaValue call(LuaValue modname, LuaValue env) {
        LuaValue debug = super.call(modname, env);
        debug.set("traceback", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs a) {
                int i = 1;
                LuaThread thread = owner.running;
                if (a.arg1() instanceof LuaThread t) {
                    thread = t;
                    i = 2;
                }
                LuaValue msg = a.arg(i);
                if (!msg.isnil() && !msg.isstring()) {
                    return msg;
                }
                int level = a.arg(i + 1).isnil()
                        ? (thread == owner.running ? 1 : 0)
                        : a.arg(i + 1).checkint();
                boolean outerJava = !(thread instanceof Coroutine co) || !"coroutine".equals(co.kind());
                return valueOf(Tracebacks.traceback(
                        owner, thread, msg.isnil() ? null : msg.tojstring(), level, this, outerJava));
            }
        });
        return debug;
    }

    @Override
    public void onCall(LuaClosure c, Varargs varargs, LuaValue[] stack) {
        LuaThread t = owner.running;
        LuaThread.State s = t.state;
        if (!s.inhook && !s.hookcall && CallStackHooks.call(t, c, stack)) {
            return; // the fast path: no hook, and the call stack had room
        }
        CallDepthLimit.ensureRoom(t); // CallDepthLimit.MAX_CALLS at most (raises a stack overflow)
        if (s.inhook) {
            HookFrames.callInHook(this, t, c, varargs, stack); // 5.4: the hook is a call on the stack
        } else if (s.hookcall && s.hookfunc != null) {
            HookFrames.callHooked(this, t, c, varargs, stack);
        } else {
            super.onCall(c, varargs, stack);
        }
    }

    @Override
    public void onCall(LuaFunction f) {
        LuaThread t = owner.running;
        CallDepthLimit.ensureRoom(t);
        if (t.state.inhook) {
            HookFrames.callInHook(this, t, f); // paired with onReturn's pop while the hook runs
        } else {
            super.onCall(f);
        }
    }

    @Override
    public void onReturn() {
        toBeClosed.frameExit(); // before the frame is popped: its open <close> variables become pending
        LuaThread t = owner.running;
        LuaThread.State s = t.state;
        if (!hookedReturn(t, s) && (s.hookrtrn || !CallStackHooks.ret(t))) {
            super.onReturn();
        }
    }

    /**
     * The return paths of the hooks: a call returning while a hook runs pops its frame, and with
     * a return hook set the hook runs before the frame is popped (5.4: it sees the returning
     * function's locals). False when neither applies.
     */
    private boolean hookedReturn(LuaThread t, LuaThread.State s) {
        if (s.inhook) {
            HookFrames.returnInHook(this, t);
            return true;
        }
        if (s.hookrtrn && s.hookfunc != null) {
            HookFrames.returnHooked(this, t);
            return true;
        }
        return false;
    }

    /**
     * {@link #onReturn} for a compiled call whose register array is reused by the next call at its
     * depth ({@code CallStackHooks.retKeeping}): the array's first {@code size} registers are set to
     * {@code nil} after the frame is popped. With a return hook set, LuaJ's path as
     * {@link #onReturn} (the hook sees the frame's registers; the array is dropped).
     *
     * @param stack the returning frame's register array
     * @param size  its number of registers
     */
    public void onReturnKeeping(LuaValue[] stack, int size) {
        toBeClosed.frameExit(); // before the frame is popped: its open <close> variables become pending
        LuaThread t = owner.running;
        LuaThread.State s = t.state;
        if (!hookedReturn(t, s) && (s.hookrtrn || !CallStackHooks.retKeeping(t, stack, size))) {
            super.onReturn();
        }
    }

    @Override
    public void onInstruction(int pc, Varargs v, int top) {
        LuaThread t = owner.running;
        LuaThread.State s = t.state;
        if (s.inhook) {
            HookFrames.instructionInHook(this, t, pc, v, top); // the hook's own current line
        } else if (s.hookfunc != null || !CallStackHooks.instruction(t, pc)) {
            super.onInstruction(pc, v, top);
        }
        // The one check of the common path (one volatile read); the rest is out of line, so this
        // method stays small enough to inline well into LuaJ's interpreter loop.
        if (pendingInterrupts.get() != 0) {
            pending(t, s, pc);
        }
    }

    /**
     * The rare path, after the call stack has recorded {@code pc}: an interruption or memory
     * pressure (raised here), then an attached debugger's hook.
     */
    private void pending(LuaThread t, LuaThread.State s, int pc) {
        if (t instanceof Coroutine co) {
            if (memoryPressure.compareAndSet(true, false)) {
                pendingInterrupts.decrementAndGet();
                if (MemoryGuard.overLimitNow()) {
                    throw new LuaError(MEMORY_ERROR);
                }
            }
            String reason = interruptAll != null ? interruptAll : co.context().interruptReason();
            if (reason != null) {
                throw new ExecutionInterrupted(reason);
            }
        }
        DebugHook h = hook;
        if (h != null && !s.inhook) {
            h.onInstruction(t, pc);
        }
    }
}
