// MappedFile: a whole regular file mapped read-only into memory.
//
// The importer reads its input twice and parses each line where it lies in the mapping. Read
// through std::ifstream, copying 330 MB of input out of the page cache (the kernel's
// _copy_to_iter) was half of the first pass over 1M events.
//
// Only regular files: a pipe or FIFO could not be read a second time anyway (the CLI copies
// such input to a temporary file first). A file truncated by another process while it is
// mapped makes reads past its new end fault (SIGBUS); an import stopped that way writes
// nothing, as for any crash.
#ifndef CHRONICLE_CORE_MAPPED_FILE_H_
#define CHRONICLE_CORE_MAPPED_FILE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace chronicle {

class MappedFile {
 public:
  // How the mapping will be read: the kernel's read-ahead follows it.
  enum class Access : uint8_t {
    kSequential,  // front to back (input files, runs): read ahead, drop behind
    kRandom,      // looked up here and there (indexes): only the pages touched are read
  };
  // Maps the file at `path`; `name` is how errors name it.
  // Errors: IoError "cannot open NAME: <reason>" when it cannot be opened or mapped;
  // IoError "cannot read NAME: not a regular file" for pipes, FIFOs, devices and directories.
  [[nodiscard]] static Result<MappedFile> Open(const std::string& path, const std::string& name,
                                               Access access = Access::kSequential);

  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  // The file's bytes ("" for an empty file); valid while this object lives.
  std::string_view contents() const { return {data_, size_}; }

  // Tells the kernel that the bytes before `offset` will not be read again, so that their pages
  // leave this process's memory: mapped pages count in its resident size, and a single pass
  // over the input would otherwise hold all of it. Reading them again is still correct (they
  // come back from the page cache or the file), only slower.
  // `given_back`: an earlier `offset` whose pages were given back already; they are not walked
  // again (a reader that gives pages back often should pass it).
  void DoneBefore(size_t offset, size_t given_back = 0);

 private:
  MappedFile(const char* data, size_t size) : data_(data), size_(size) {}
  const char* data_ = nullptr;  // nullptr for an empty file (nothing mapped)
  size_t size_ = 0;
};

}  // namespace chronicle

#endif  // CHRONICLE_CORE_MAPPED_FILE_H_
