// The number of processors, asked of the kernel once per process.
//
// glibc's get_nprocs() reads /sys/devices/system/cpu/online at every call (an open, a read and
// a close: ~5 us each on this VM), and RocksDB asks for it through
// std::thread::hardware_concurrency() 17 times while it opens a store read-only: once per
// column family for its memtable's arena, and for its compression context cache. A query
// process opens one store and ends, so those reads were 51 of its ~250 system calls. This
// definition in the executable interposes glibc's for the whole process (libstdc++ calls
// get_nprocs through the PLT, so the dynamic linker binds it here) and asks glibc once:
// sysconf(_SC_NPROCESSORS_ONLN) counts through glibc's internal __get_nprocs, not through this
// symbol. Processors brought on line while a process runs are not seen by it, which no
// Chronicle command needs.
#include <sys/sysinfo.h>
#include <unistd.h>

extern "C" int get_nprocs() noexcept {
  static const int count = static_cast<int>(::sysconf(_SC_NPROCESSORS_ONLN));
  return count;
}
