/** The timer functions ({@code setTimeout}, {@code setInterval}, {@code clearTimeout} ...) on the engine's event loop; each callback runs in its own coroutine. */
package dev.jeplua.engine.timers;
