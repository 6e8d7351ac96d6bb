// How jemalloc (linked statically, cli/CMakeLists.txt) is configured for this process.
//
// A query process is short and small, and on this kind of VM its start-up is dominated by page
// faults (~5 us each): a typical `chronicle timeline` took 666 faults, 393 of them first
// touches of heap pages. With `thp:always` jemalloc asks for transparent huge pages for its
// mappings (the kernel's default "madvise" mode grants them only when asked), and the same
// query takes 330 faults and ~0.3-0.45 ms less (A/B of 60 alternating runs). An import is
// where the memory is, and there huge pages cost resident memory: a 1M-event import peaked at
// 453 MB instead of 382 MB (4.5 s instead of 4.75 s), so imports keep the default.
//
// jemalloc reads `malloc_conf` once, at its first allocation, which happens before main (the
// initialisers of the shared libraries allocate). A function in the executable's
// .preinit_array runs before those initialisers and is given argc and argv, so it can choose.
// MALLOC_CONF in the environment still overrides what is chosen here.
#include <cstring>

extern "C" {
// jemalloc's own definition is weak; this one replaces it.
const char* malloc_conf = nullptr;
}

namespace chronicle::cli {
namespace {

void ChooseAllocatorConfig(int argc, char** argv, char** /*envp*/) {
  // A loose test (any argument spelled "import"): a query that has one merely keeps the
  // default configuration.
  for (int arg_idx = 1; arg_idx < argc; ++arg_idx) {
    if (std::strcmp(argv[arg_idx], "import") == 0) return;
  }
  malloc_conf = "thp:always";
}

[[gnu::used, gnu::section(".preinit_array")]] void (*const kChooseAllocatorConfig)(
    int, char**, char**) = ChooseAllocatorConfig;

}  // namespace
}  // namespace chronicle::cli
