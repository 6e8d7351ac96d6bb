#include "core/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

namespace chronicle {

Result<MappedFile> MappedFile::Open(const std::string& path, const std::string& name,
                                    Access access) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IoError("cannot open " + name + ": " + std::strerror(errno));
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    const int saved_errno = errno;
    ::close(fd);
    return Status::IoError("cannot open " + name + ": " + std::strerror(saved_errno));
  }
  if (!S_ISREG(info.st_mode)) {
    ::close(fd);
    return Status::IoError("cannot read " + name + ": not a regular file");
  }
  const size_t size = static_cast<size_t>(info.st_size);
  if (size == 0) {
    ::close(fd);
    return MappedFile(nullptr, 0);
  }
  void* data = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  const int saved_errno = errno;
  ::close(fd);  // the mapping keeps the file
  if (data == MAP_FAILED) {
    return Status::IoError("cannot open " + name + ": " + std::strerror(saved_errno));
  }
  // A hint: read ahead and drop behind, or read only what is touched.
  ::madvise(data, size, access == Access::kSequential ? MADV_SEQUENTIAL : MADV_RANDOM);
  return MappedFile(static_cast<const char*>(data), size);
}

void MappedFile::DoneBefore(size_t offset, size_t given_back) {
  static const size_t page_size = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  // Whole pages only: the page that holds `offset` may still be read.
  const size_t first = std::min(given_back, size_) / page_size * page_size;
  const size_t last = std::min(offset, size_) / page_size * page_size;
  if (first < last) ::madvise(const_cast<char*>(data_) + first, last - first, MADV_DONTNEED);
}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
  if (this != &other) {
    if (data_ != nullptr) ::munmap(const_cast<char*>(data_), size_);
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

MappedFile::~MappedFile() {
  if (data_ != nullptr) ::munmap(const_cast<char*>(data_), size_);
}

}  // namespace chronicle
