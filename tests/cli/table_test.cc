// cli/table.h: the text a table prints, for tables small and large (rows across many storage
// chunks, a row larger than a chunk), in adding order and in a given order.
#include "cli/table.h"

#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "core/text.h"

namespace chronicle::cli {
namespace {

std::string Printed(const Table& table) {
  std::ostringstream out;
  table.Print(out);
  return out.str();
}

std::string Printed(const Table& table, const std::vector<size_t>& order) {
  std::ostringstream out;
  table.Print(out, order);
  return out.str();
}

// What a table of these rows must print, built cell by cell with PadRight.
std::string Expected(const std::vector<std::vector<std::string>>& lines) {
  std::vector<size_t> widths(lines.front().size(), 0);
  for (const auto& line : lines) {
    for (size_t column_idx = 0; column_idx < line.size(); ++column_idx) {
      widths[column_idx] = std::max(widths[column_idx], DisplayWidth(line[column_idx]));
    }
  }
  std::string text;
  for (const auto& line : lines) {
    std::string printed;
    for (size_t column_idx = 0; column_idx < line.size(); ++column_idx) {
      printed += column_idx + 1 < line.size() ? PadRight(line[column_idx], widths[column_idx] + 2)
                                              : line[column_idx];
    }
    while (!printed.empty() && printed.back() == ' ') printed.pop_back();
    text += printed + "\n";
  }
  return text;
}

TEST_CASE("Table aligns columns by display width", "[cli][table]") {
  Table table({"WHEN", "TITLE", "ID"});
  table.AddRow({"2025-02-04", "삼성 서초사옥 회동", "ev-seocho"});
  table.AddRow({"2025-01-21", "Stargate announced", "ev-stargate"});
  CHECK(Printed(table) ==
        "WHEN        TITLE               ID\n"
        "2025-02-04  삼성 서초사옥 회동  ev-seocho\n"
        "2025-01-21  Stargate announced  ev-stargate\n");
  CHECK(Printed(table, {1, 0}) ==
        "WHEN        TITLE               ID\n"
        "2025-01-21  Stargate announced  ev-stargate\n"
        "2025-02-04  삼성 서초사옥 회동  ev-seocho\n");
  CHECK(table.row_count() == 2);
}

TEST_CASE("Table cuts cells over their column's cap", "[cli][table]") {
  Table table({"TITLE", "ID"}, {8, 0});
  table.AddRow({"Stargate joint venture", "a"});
  table.AddRow({"손정의 회장 방한", "b"});
  table.AddRow({"", "c"});
  CHECK(Printed(table) ==
        "TITLE     ID\n"
        "Stargat…  a\n"
        "손정의 …  b\n"
        "          c\n");
}

TEST_CASE("Table keeps every row of a large table", "[cli][table]") {
  // 60,000 rows of varying width (ASCII and Hangul) fill many chunks, the later ones huge-page
  // sized; one row of 5 MiB is larger than any chunk.
  Table table({"N", "TEXT", "LAST"});
  std::vector<std::vector<std::string>> lines = {{"N", "TEXT", "LAST"}};
  for (size_t row_idx = 0; row_idx < 60000; ++row_idx) {
    std::string text(row_idx % 97, static_cast<char>('a' + row_idx % 26));
    if (row_idx % 7 == 0) text += "한국어";
    std::vector<std::string> line = {std::to_string(row_idx), text, row_idx % 2 ? "x" : ""};
    // In the last column, which is not padded.
    if (row_idx == 30000) line[2] = std::string(size_t{5} << 20, 'z');
    table.AddRow({line[0], line[1], line[2]});
    lines.push_back(std::move(line));
  }
  REQUIRE(table.row_count() == 60000);
  CHECK(Printed(table) == Expected(lines));

  std::vector<size_t> reversed;
  for (size_t row_idx = 60000; row_idx-- > 0;) reversed.push_back(row_idx);
  std::vector<std::vector<std::string>> reversed_lines = {lines.front()};
  for (size_t row_idx : reversed) reversed_lines.push_back(lines[row_idx + 1]);
  CHECK(Printed(table, reversed) == Expected(reversed_lines));
}

TEST_CASE("a Writer prints stored rows and rows it is given, a row wider than its column whole",
          "[cli][table]") {
  Table table({"WHEN", "TITLE", "ID"}, {0, 8, 0});
  table.AddRow({"2025-02-04", "Seoul", "a"});
  table.AddRow({"2025-02", "삼성 회의", "b"});  // display width 9: cut to the cap of 8, "…" included
  std::ostringstream out;
  {
    Table::Writer writer(table, out);
    writer.StoredRow(1);
    writer.StoredRow(0);
    // Not measured by the table: the first cell is wider than its column and pushes the rest
    // right; the second is cut to its cap as a stored one would be.
    writer.Row({"2025-02-04/2025-02-09", "Summit in France", "c"});
    writer.Row({"2025", "", ""});  // trailing blanks are not printed
  }  // the writer writes what it holds when it goes
  CHECK(out.str() ==
        "WHEN        TITLE     ID\n"
        "2025-02     삼성 회…  b\n"
        "2025-02-04  Seoul     a\n"
        "2025-02-04/2025-02-09  Summit …  c\n"
        "2025\n");
}

}  // namespace
}  // namespace chronicle::cli
