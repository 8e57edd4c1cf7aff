print(pcall(require, "surely_missing_module_xyz") == false)
print(type(package.loaded), type(package.path), package.loaded.string == string)
print(pcall(dofile, "/nonexistent/file.lua"))
