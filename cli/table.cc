#include "cli/table.h"

#include <algorithm>

#include "core/text.h"

namespace chronicle::cli {

Table::Table(std::vector<std::string> headers, std::vector<size_t> max_widths)
    : headers_(std::move(headers)), max_widths_(std::move(max_widths)) {
  max_widths_.resize(headers_.size(), 0);
}

void Table::AddRow(std::vector<std::string> cells) {
  for (size_t column_idx = 0; column_idx < cells.size(); ++column_idx) {
    if (max_widths_[column_idx] > 0) {
      cells[column_idx] = TruncateToWidth(cells[column_idx], max_widths_[column_idx]);
    }
  }
  rows_.push_back(std::move(cells));
}

void Table::Print(std::ostream& out) const {
  std::vector<size_t> widths(headers_.size(), 0);
  auto measure = [&widths](const std::vector<std::string>& cells) {
    for (size_t column_idx = 0; column_idx < cells.size(); ++column_idx) {
      widths[column_idx] = std::max(widths[column_idx], DisplayWidth(cells[column_idx]));
    }
  };
  measure(headers_);
  for (const auto& row : rows_) measure(row);
  auto print_row = [&](const std::vector<std::string>& cells) {
    std::string line;
    for (size_t column_idx = 0; column_idx < cells.size(); ++column_idx) {
      bool is_last = column_idx + 1 == cells.size();
      line += is_last ? cells[column_idx] : PadRight(cells[column_idx], widths[column_idx]) + "  ";
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  };
  print_row(headers_);
  for (const auto& row : rows_) print_row(row);
}

}  // namespace chronicle::cli
