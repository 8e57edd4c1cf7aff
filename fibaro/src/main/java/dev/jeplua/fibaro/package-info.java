/**
 * Fibaro Home Center 3 QuickApps offline (docs/fibaro.md): the {@code --%%} header parser
 * ({@link HeaderParser}), the offline HC3 resource model ({@link Hc3Model}) and its
 * transport-free REST dispatcher ({@link Hc3Api}), and the {@code --fibaro} library
 * ({@link FibaroLib}) that loads the QuickApp runtime (Lua, under {@code lua/fibaro/}) into an
 * engine.
 */
package dev.jeplua.fibaro;
