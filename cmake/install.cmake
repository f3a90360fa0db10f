# Installing govreport like a Unix tool: GNUInstallDirs folders, the data (font roles, schema)
# in DATADIR/govreport found relative to the executable, the man page made from man/ by scdoc,
# LICENSE and README in DOCDIR, and a Debian package by `cpack -G DEB`.

# No path of the build machine in the binary: __FILE__ and the debug information (file
# names and the compilation folder) are relative to the source or build folder. The build
# folder may lie inside the source folder: GCC tries the last option given first.
include(CheckCCompilerFlag)
check_c_compiler_flag(-ffile-prefix-map=/a=b GR_HAVE_FILE_PREFIX_MAP)
if(GR_HAVE_FILE_PREFIX_MAP)
  foreach(t libgovreport govreport)
    target_compile_options(${t} PRIVATE -ffile-prefix-map=${CMAKE_SOURCE_DIR}=.
      -ffile-prefix-map=${CMAKE_BINARY_DIR}=.)
  endforeach()
endif()

# A binary of the build tree reads the source tree's data: the marker file beside it names
# the source folder (src/base/data.h). It is never installed, so an installed binary only
# ever looks beside itself. One in each folder of this build whose programs open the fonts.
set(GR_MARKER_DIRS ${CMAKE_BINARY_DIR} ${CMAKE_BINARY_DIR}/tests)
if(GR_FUZZ)
  list(APPEND GR_MARKER_DIRS ${CMAKE_BINARY_DIR}/fuzz)
endif()
foreach(dir ${GR_MARKER_DIRS})
  file(WRITE ${dir}/govreport-build-data "${CMAKE_SOURCE_DIR}\n")
endforeach()

install(TARGETS govreport RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY fonts/ DESTINATION ${CMAKE_INSTALL_DATADIR}/govreport/fonts)
install(FILES schemas/annual-report-2021.xsd
  DESTINATION ${CMAKE_INSTALL_DATADIR}/govreport/schemas)
install(FILES LICENSE README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

# The man page: man/govreport.1.scd, turned into troff by scdoc at build time.
option(GR_MAN "Build and install the man page (needs scdoc)" ON)
if(GR_MAN)
  find_program(GR_SCDOC scdoc)
  if(NOT GR_SCDOC)
    message(FATAL_ERROR "scdoc not found: the man page is made with it. Install it "
      "(apt-get install scdoc; tools/install-deps.sh does) or configure with -DGR_MAN=OFF.")
  endif()
  set(GR_MAN_SRC ${CMAKE_SOURCE_DIR}/man/govreport.1.scd)
  set(GR_MAN_OUT ${CMAKE_BINARY_DIR}/govreport.1)
  configure_file(${GR_MAN_SRC} ${CMAKE_BINARY_DIR}/generated/govreport.1.scd @ONLY)
  # man/cjk.pl lets troff break Chinese lines (perl is Essential in Debian). Written beside
  # and renamed, so that a failed step leaves no half page behind.
  add_custom_command(OUTPUT ${GR_MAN_OUT}
    COMMAND sh -c "\"$0\" <\"$1\" >\"$3.scdoc\" && perl -CSD \"$2\" <\"$3.scdoc\" >\"$3.tmp\" && rm \"$3.scdoc\" && mv \"$3.tmp\" \"$3\""
      ${GR_SCDOC} ${CMAKE_BINARY_DIR}/generated/govreport.1.scd
      ${CMAKE_SOURCE_DIR}/man/cjk.pl ${GR_MAN_OUT}
    DEPENDS ${CMAKE_BINARY_DIR}/generated/govreport.1.scd ${CMAKE_SOURCE_DIR}/man/cjk.pl
    COMMENT "scdoc: govreport.1" VERBATIM)
  add_custom_target(man ALL DEPENDS ${GR_MAN_OUT})
  install(FILES ${GR_MAN_OUT} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endif()

# `cpack -G DEB` in the build folder: govreport_<version>_<arch>.deb, installing into /usr.
# Depends: the shared libraries as dpkg-shlibdeps finds them, the two loaded on use, and the font packages that the
# default roles of fonts/govreport.conf need on a machine without the office's fonts: Noto
# CJK SC gives every role a face (Noto Serif for title, body, tables and page numbers; Noto
# Sans for headings). The Fandol faces come first in each role but are packaged in Debian
# only inside texlive-lang-chinese, which pulls in the TeX Live base: suggested (README
# "Fonts" says how to install only the fonts). Liberation Serif only fills in Latin signs a
# role lacks: recommended.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME govreport)
set(CPACK_PACKAGE_VENDOR "govreport project")
set(CPACK_PACKAGE_CONTACT "govreport project")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "annual reports on government information disclosure: XML to PDF, checked")
set(CPACK_PACKAGE_DESCRIPTION "govreport turns a government body's annual report on \
government information disclosure (national format of 2021) from one XML file into the \
print-ready PDF, checks its tables' balance rules, renders whole batches, imports \
published reports and sums them.")
set(CPACK_RESOURCE_FILE_LICENSE ${CMAKE_SOURCE_DIR}/LICENSE)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION text)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# libzip and libmicrohttpd are loaded when first used (src/base/dynlib.h), so
# dpkg-shlibdeps does not see them: named here, at the versions the build used.
set(CPACK_DEBIAN_PACKAGE_DEPENDS
  "libzip4 (>= ${LIBZIP_VERSION}), libmicrohttpd12 (>= ${MHD_VERSION}), fonts-noto-cjk")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-liberation | fonts-liberation2")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "texlive-lang-chinese, parallel, poppler-utils")
include(CPack)
