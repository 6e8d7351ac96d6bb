#include "core/mapped_file.h"

#include <catch2/catch.hpp>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <string_view>

#include "core/import.h"
#include "scratch_dir.h"

namespace chronicle {
namespace {

// The rest of line `field` ("Rss:", "VmFlags:") of the mapping at `start` in /proc/self/smaps.
std::string MappingField(const void* start, std::string_view field) {
  std::ifstream smaps("/proc/self/smaps");
  char address[32];
  std::snprintf(address, sizeof address, "%lx-", reinterpret_cast<unsigned long>(start));
  bool in_mapping = false;
  for (std::string line; std::getline(smaps, line);) {
    if (line.find('-') != std::string::npos && line.find(' ') > line.find('-') &&
        std::isxdigit(static_cast<unsigned char>(line[0])) && line.find("kB") == std::string::npos) {
      in_mapping = line.starts_with(address);
    } else if (in_mapping && line.starts_with(field)) {
      return line.substr(field.size());
    }
  }
  FAIL("no " << field << " of a mapping at " << address << " in /proc/self/smaps");
  return "";
}

// The resident size of the mapping that starts at `start` (its Rss), in KiB.
size_t ResidentKiB(const void* start) { return std::stoul(MappingField(start, "Rss:")); }

// The two-letter flags of the mapping at `start` ("rd", "sr", "rr", ...).
std::set<std::string> MappingFlags(const void* start) {
  std::istringstream flags(MappingField(start, "VmFlags:"));
  return {std::istream_iterator<std::string>(flags), std::istream_iterator<std::string>()};
}

std::string EntityLine(size_t n) {
  return R"({"type":"entity","id":"entity-)" + std::to_string(n) + R"(","name":"Entity )" +
         std::to_string(n) + R"(","kind":"person"})";
}

TEST_CASE("MappedFile holds a regular file's bytes", "[core][mapped_file]") {
  ScratchDir dir;
  SECTION("bytes as written, NUL and non-ASCII included") {
    const std::string bytes = std::string("line one\n\0 손정의\r\n", 22);
    Result<MappedFile> file = MappedFile::Open(dir.Write("a.jsonl", bytes), "a.jsonl");
    REQUIRE(file.ok());
    CHECK(file->contents() == bytes);
  }
  SECTION("an empty file is empty") {
    Result<MappedFile> file = MappedFile::Open(dir.Write("empty.jsonl", ""), "empty.jsonl");
    REQUIRE(file.ok());
    CHECK(file->contents().empty());
  }
  SECTION("pages given back with DoneBefore read the same again") {
    std::string bytes;
    for (size_t n = 0; bytes.size() < (size_t{3} << 20); ++n) bytes += EntityLine(n) + "\n";
    Result<MappedFile> file = MappedFile::Open(dir.Write("big.jsonl", bytes), "big.jsonl");
    REQUIRE(file.ok());
    file->DoneBefore(size_t{2} << 20);
    file->DoneBefore(bytes.size() + 4096);  // past the end: everything
    CHECK(file->contents() == bytes);
  }
  SECTION("pages given back leave the process's resident memory") {
    constexpr size_t kMiB = size_t{1} << 20;
    const std::string bytes(8 * kMiB, 'x');
    Result<MappedFile> file = MappedFile::Open(dir.Write("pages.bin", bytes), "pages.bin");
    REQUIRE(file.ok());
    const std::string_view contents = file->contents();
    size_t sum = 0;
    for (size_t at = 0; at < contents.size(); at += 4096) sum += contents[at];  // touch all
    CHECK(sum == 2048 * size_t{'x'});
    CHECK(ResidentKiB(contents.data()) == 8 * 1024);
    // Whole pages leave (the one that holds the offset may stay); how the kernel counts a
    // partly mapped large page-cache folio varies, hence the ranges.
    file->DoneBefore(4 * kMiB - 100);
    CHECK(ResidentKiB(contents.data()) >= 4 * 1024 - 64);
    CHECK(ResidentKiB(contents.data()) <= 4 * 1024 + 4);
    file->DoneBefore(6 * kMiB, /*given_back=*/4 * kMiB - 100);
    CHECK(ResidentKiB(contents.data()) >= 2 * 1024 - 64);
    CHECK(ResidentKiB(contents.data()) <= 2 * 1024);
    file->DoneBefore(8 * kMiB, /*given_back=*/6 * kMiB);
    CHECK(ResidentKiB(contents.data()) == 0);
    CHECK(file->contents() == bytes);  // read again, from the page cache
  }
  SECTION("the kernel is told how the mapping will be read") {
    const std::string path = dir.Write("index.bin", std::string(8192, 'i'));
    Result<MappedFile> sequential = MappedFile::Open(path, "index.bin");
    Result<MappedFile> random = MappedFile::Open(path, "index.bin", MappedFile::Access::kRandom);
    REQUIRE(sequential.ok());
    REQUIRE(random.ok());
    // VmFlags: "sr" sequential read advised, "rr" random read advised.
    CHECK(MappingFlags(sequential->contents().data()).contains("sr"));
    CHECK_FALSE(MappingFlags(sequential->contents().data()).contains("rr"));
    CHECK(MappingFlags(random->contents().data()).contains("rr"));
    CHECK_FALSE(MappingFlags(random->contents().data()).contains("sr"));
  }
  SECTION("moved, the mapping goes with it") {
    Result<MappedFile> file = MappedFile::Open(dir.Write("a.jsonl", "abc"), "a.jsonl");
    REQUIRE(file.ok());
    MappedFile moved = std::move(file).value();
    CHECK(moved.contents() == "abc");
  }
}

TEST_CASE("MappedFile refuses what it cannot map, naming the input", "[core][mapped_file]") {
  ScratchDir dir;
  SECTION("a missing file") {
    Result<MappedFile> file = MappedFile::Open(dir.Sub("missing.jsonl"), "missing.jsonl");
    REQUIRE_FALSE(file.ok());
    CHECK(file.status().code() == StatusCode::kIoError);
    CHECK(file.status().ToString() == "cannot open missing.jsonl: No such file or directory");
  }
  SECTION("a directory") {
    Result<MappedFile> file = MappedFile::Open(dir.Sub(""), "somewhere");
    REQUIRE_FALSE(file.ok());
    CHECK(file.status().ToString() == "cannot read somewhere: not a regular file");
  }
  SECTION("a device (pipes and FIFOs are refused alike, after open)") {
    Result<MappedFile> file = MappedFile::Open("/dev/null", "/dev/null");
    REQUIRE_FALSE(file.ok());
    CHECK(file.status().ToString() == "cannot read /dev/null: not a regular file");
  }
}

// Every record of `stream`, as "file:line:id", and its errors, for one pass.
std::vector<std::string> ReadPass(RecordStream& stream, std::vector<std::string>* errors) {
  std::vector<std::string> seen;
  InputRecord input;
  Status error;
  while (stream.Next(&input, &error)) {
    if (!error.ok()) {
      errors->push_back(error.ToString());
      continue;
    }
    seen.push_back(input.file + ":" + std::to_string(input.line) + ":" + RecordId(input.record));
  }
  return seen;
}

TEST_CASE("JsonLinesFileStream reads mapped files line by line, twice", "[core][import]") {
  ScratchDir dir;
  const std::string first = dir.Write(
      "first.jsonl", EntityLine(1) + "\r\n\r\n   \t\n" + EntityLine(2) + "\n{\n" + EntityLine(3));
  const std::string second = dir.Write("second.jsonl", "");
  JsonLinesFileStream stream({first, second, dir.Sub("missing.jsonl")},
                             {"first.jsonl", "second.jsonl", "missing.jsonl"});
  for (int pass = 1; pass <= 2; ++pass) {
    INFO("pass " << pass);
    std::vector<std::string> errors;
    // CRLF and blank lines are skipped but counted; the last line needs no line break.
    CHECK(ReadPass(stream, &errors) ==
          std::vector<std::string>{"first.jsonl:1:entity-1", "first.jsonl:4:entity-2",
                                   "first.jsonl:6:entity-3"});
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].rfind("first.jsonl:5: ", 0) == 0);
    CHECK(errors[1] == "cannot open missing.jsonl: No such file or directory");
    REQUIRE(stream.Rewind().ok());
  }
}

TEST_CASE("JsonLinesFileStream reads a file larger than its release step whole",
          "[core][import]") {
  // More than the 4 MiB after which read pages are given back (MappedFile::DoneBefore).
  ScratchDir dir;
  std::string text;
  size_t lines = 0;
  while (text.size() < (size_t{9} << 20)) text += EntityLine(++lines) + "\n";
  JsonLinesFileStream stream({dir.Write("big.jsonl", text)});
  for (int pass = 1; pass <= 2; ++pass) {
    INFO("pass " << pass);
    std::vector<std::string> errors;
    const std::vector<std::string> seen = ReadPass(stream, &errors);
    CHECK(errors.empty());
    REQUIRE(seen.size() == lines);
    const std::string count = std::to_string(lines);
    CHECK(seen.back().ends_with(std::string(":").append(count).append(":entity-").append(count)));
    REQUIRE(stream.Rewind().ok());
  }
}

}  // namespace
}  // namespace chronicle
