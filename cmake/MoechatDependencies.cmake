# Debian 12 packages: libsentencepiece-dev, nlohmann-json3-dev, libsqlite3-dev, Qt 6.4.
find_package(Threads REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(SENTENCEPIECE REQUIRED IMPORTED_TARGET sentencepiece)
