# AddressSanitizer + UBSan for the whole build (library, CLI, tests): -DGR_SANITIZE=ON.
if(GR_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
# ThreadSanitizer (-DGR_TSAN=ON; not with GR_SANITIZE): tools/tsan.sh runs the threaded tests.
if(GR_TSAN)
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
endif()
