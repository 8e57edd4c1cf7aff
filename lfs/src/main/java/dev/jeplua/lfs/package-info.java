/** LuaFileSystem ({@code lfs}: attributes, dir, mkdir, touch, locks) on {@code java.nio.file}, with its errno results. */
package dev.jeplua.lfs;
