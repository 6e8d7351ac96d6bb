// A plain-text table for the terminal: columns aligned by display width (Hangul and CJK take
// two columns), a header row, two spaces between columns, the last column not padded.
#ifndef CHRONICLE_CLI_TABLE_H_
#define CHRONICLE_CLI_TABLE_H_

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

namespace chronicle::cli {

class Table {
 public:
  // `max_widths[i]` caps column i (0 = no cap); longer cells are cut with "…".
  explicit Table(std::vector<std::string> headers, std::vector<size_t> max_widths = {});

  // REQUIRES: cells.size() == number of headers.
  void AddRow(std::vector<std::string> cells);
  size_t row_count() const { return rows_.size(); }

  void Print(std::ostream& out) const;

 private:
  std::vector<std::string> headers_;
  std::vector<size_t> max_widths_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace chronicle::cli

#endif  // CHRONICLE_CLI_TABLE_H_
