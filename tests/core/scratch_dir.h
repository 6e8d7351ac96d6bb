// A fresh directory under the system's temporary directory for one test, removed with
// everything in it.
#ifndef CHRONICLE_TESTS_CORE_SCRATCH_DIR_H_
#define CHRONICLE_TESTS_CORE_SCRATCH_DIR_H_

#include <stdlib.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

namespace chronicle {

class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "chronicle-test-XXXXXX");
    if (::mkdtemp(pattern.data()) == nullptr) FAIL("mkdtemp failed");
    path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code error;
    std::filesystem::remove_all(path_, error);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  // Writes `contents` to the file `name` and returns its path.
  std::string Write(const std::string& name, const std::string& contents) const {
    const std::string path = Sub(name);
    std::ofstream(path, std::ios::binary) << contents;
    return path;
  }
  std::string Sub(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace chronicle

#endif  // CHRONICLE_TESTS_CORE_SCRATCH_DIR_H_
