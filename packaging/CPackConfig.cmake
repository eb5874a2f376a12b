# Install rules for the desktop integration and the Debian package (`cpack -G DEB` in a build
# folder). Included by the top-level CMakeLists.txt after every add_subdirectory, so the targets
# of app/ and backend/ exist here; moechat-cli installs itself (backend/cli).
include(GNUInstallDirs)

set(MOECHAT_APP_ID io.github.moechat.Moechat CACHE STRING
    "Reverse-DNS application id: desktop entry, AppStream id and icon name")
set(MOECHAT_HOMEPAGE https://github.com/moechat/moechat CACHE STRING
    "Project home page, named in the metainfo and the package")
set(MOECHAT_SCREENSHOT_BASE https://raw.githubusercontent.com/moechat/moechat/main/resources/screenshots
    CACHE STRING "URL folder that serves resources/screenshots/ (AppStream screenshots)")
set(MOECHAT_MAINTAINER "moechat developers <maintainers@moechat.invalid>" CACHE STRING
    "Maintainer field of the Debian package")

set(MOECHAT_PACKAGING_DIR ${CMAKE_CURRENT_LIST_DIR})
set(MOECHAT_ICON_DIR ${PROJECT_SOURCE_DIR}/resources/icons)

install(FILES ${MOECHAT_PACKAGING_DIR}/${MOECHAT_APP_ID}.desktop
        DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)

configure_file(${MOECHAT_PACKAGING_DIR}/${MOECHAT_APP_ID}.metainfo.xml.in
               ${PROJECT_BINARY_DIR}/packaging/${MOECHAT_APP_ID}.metainfo.xml @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/packaging/${MOECHAT_APP_ID}.metainfo.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)

install(FILES ${MOECHAT_ICON_DIR}/moechat.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps
        RENAME ${MOECHAT_APP_ID}.svg)
file(GLOB MOECHAT_PNG_ICONS ${MOECHAT_ICON_DIR}/moechat-*.png)
foreach(png ${MOECHAT_PNG_ICONS})
  string(REGEX MATCH "moechat-([0-9]+)\\.png$" _ ${png})
  install(FILES ${png}
          DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${CMAKE_MATCH_1}x${CMAKE_MATCH_1}/apps
          RENAME ${MOECHAT_APP_ID}.png)
endforeach()

# Debian ships man pages gzip-compressed; -n keeps the archive free of timestamps.
find_program(MOECHAT_GZIP gzip REQUIRED)
set(MOECHAT_MAN_PAGES)
foreach(page moechat.1 moechat-cli.1)
  set(out ${PROJECT_BINARY_DIR}/packaging/man/${page}.gz)
  add_custom_command(OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/packaging/man
    COMMAND ${MOECHAT_GZIP} -9 -n -c ${MOECHAT_PACKAGING_DIR}/man/${page} > ${out}
    DEPENDS ${MOECHAT_PACKAGING_DIR}/man/${page}
    VERBATIM)
  list(APPEND MOECHAT_MAN_PAGES ${out})
endforeach()
add_custom_target(moechat_man_pages ALL DEPENDS ${MOECHAT_MAN_PAGES})
install(FILES ${MOECHAT_MAN_PAGES} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR} OPTIONAL)

# --- the Debian package --------------------------------------------------------------------------
set(CPACK_PACKAGE_NAME moechat)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "moechat developers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_HOMEPAGE_URL ${MOECHAT_HOMEPAGE})
set(CPACK_PACKAGE_CONTACT "${MOECHAT_MAINTAINER}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR DEB)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${MOECHAT_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "${PROJECT_DESCRIPTION}
moechat is a desktop chat application for Mixture-of-Experts language models
(Mixtral-8x7B, Mixtral-8x22B and fine-tunes such as Zephyr-141B-A39B) that runs
them on your own workstation, on NVIDIA GPUs with tensor parallelism or on the
processor. Nothing leaves the machine. The package also holds moechat-cli, the
command line for generation, chat in a terminal, benchmarks, export and import.")

# Named by hand rather than by dpkg-shlibdeps: the QML modules are loaded at run time and no
# ELF dependency shows them, and the CUDA libraries come from NVIDIA's repository, which
# dpkg-shlibdeps cannot map. tests/packaging checks this list against the built binaries and
# the QML imports of ui/.
set(MOECHAT_DEB_DEPENDS
  "libc6 (>= 2.36)"
  "libstdc++6 (>= 12)"
  "libgcc-s1"
  "libsentencepiece0 (>= 0.1.97)"
  "libsqlite3-0"
  "libqt6core6 (>= 6.4)"
  "libqt6gui6 (>= 6.4)"
  "libqt6qml6 (>= 6.4)"
  "libqt6quick6 (>= 6.4)"
  "libqt6quickcontrols2-6 (>= 6.4)"
  "qml6-module-qtquick"
  "qml6-module-qtquick-controls"
  "qml6-module-qtquick-layouts"
  "qml6-module-qtquick-window"
  "qml6-module-qtquick-templates"
  "qml6-module-qtquick-dialogs"
  "qml6-module-qtqml-workerscript"
  "qml6-module-qt-labs-settings")
list(JOIN MOECHAT_DEB_DEPENDS ", " CPACK_DEBIAN_PACKAGE_DEPENDS)

# The CPU path needs no CUDA library, so a CUDA build only recommends them (NVIDIA's package
# names for the toolkit it was built with, and the driver's libcuda).
if(MOECHAT_HAVE_CUDA)
  set(_cuda_suffix ${CUDAToolkit_VERSION_MAJOR}-${CUDAToolkit_VERSION_MINOR})
  set(CPACK_DEBIAN_PACKAGE_RECOMMENDS
      "libcuda1, cuda-cudart-${_cuda_suffix}, libcublas-${_cuda_suffix}, libnccl2")
endif()

include(CPack)
