# Warnings per target; -Werror only where asked (CI, developers), never for a user's build.
function(gr_warnings target)
  if(CMAKE_C_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wshadow -Wstrict-prototypes -Wvla
      -Wformat=2 -Wno-format-nonliteral)
    if(GR_WERROR)
      target_compile_options(${target} PRIVATE -Werror)
    endif()
  endif()
endfunction()
