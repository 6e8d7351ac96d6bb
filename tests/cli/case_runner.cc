// case_runner: runs one Chronicle end-to-end case file and checks, for every
// command, the exact stdout, stderr and exit code.
//
//   case_runner [--update] [--timeout SECONDS] --bin DIR --root DIR CASEFILE
//
// The case file format is described in tests/cli/README.md. Exit codes:
//   0  every step matched; with --update, the file now holds what the
//      commands did (steps that matched or were killed are left as written)
//   1  at least one step differed; the report on stdout shows how
//   2  usage error, malformed case file, or the case could not be set up
//
// Standalone on purpose: only the standard library and POSIX, so the runner
// builds and works even when the code under test does not.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

extern char** environ;

namespace {

namespace fs = std::filesystem;

constexpr int kExitPassed = 0;
constexpr int kExitFailed = 1;
constexpr int kExitBadInput = 2;

constexpr int kDefaultTimeoutSeconds = 120;
constexpr size_t kSummaryCommandChars = 70;
constexpr const char* kShell = "/bin/bash";
constexpr const char* kNoNewlineMarker = "\\ No newline at end of output";

// Unchanged lines shown around each change in a failure report.
constexpr size_t kDiffContextLines = 3;
// A failure report longer than this shows its first lines and its last
// kReportTailLines only.
constexpr size_t kMaxReportLines = 200;
constexpr size_t kReportTailLines = 5;
// Beyond this much stdout plus stderr a step is killed as runaway.
constexpr size_t kMaxOutputBytes = size_t{16} << 20;
// Above this many cells the quadratic diff is skipped and the report lists
// all expected lines, then all actual lines.
constexpr size_t kMaxDiffCells = 4'000'000;

// ---------------------------------------------------------------------------
// Small string helpers.

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// Splits on '\n'. Returns the pieces and whether `text` ended with '\n' (an
// empty text counts as ending with one: it has no unterminated line).
std::pair<std::vector<std::string>, bool> SplitLines(std::string_view text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      lines.emplace_back(text.substr(start));
      return {lines, false};
    }
    lines.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return {lines, true};
}

// Cuts `text` to at most `max_bytes` without splitting a UTF-8 sequence.
std::string TruncateUtf8(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  return std::string(text.substr(0, cut));
}

// ---------------------------------------------------------------------------
// The case file model.

struct Expectation {
  std::vector<std::string> stdout_lines;
  std::vector<std::string> stderr_lines;
  int exit_code = 0;
};

struct Step {
  int line_number = 0;  // 1-based line of the "$ " line, for reports.
  // The command as written ("$ ..." and "> ..." lines), kept for --update.
  std::vector<std::string> command_lines;
  std::string command;  // What bash runs: the lines joined with '\n'.
  Expectation expected;
  // Every line after the command, and which of them are expectations (as
  // opposed to comments and separating blank lines, which --update keeps).
  std::vector<std::string> body_lines;
  std::vector<bool> is_expectation;
};

struct CaseFile {
  std::vector<std::string> preamble;  // Comments and blanks before step 1.
  std::vector<Step> steps;
};

struct ParseError {
  int line_number;
  std::string message;
};

bool IsCommandLine(std::string_view line) { return StartsWith(line, "$ "); }
bool IsCommentLine(std::string_view line) { return StartsWith(line, "#"); }
bool IsStderrLine(std::string_view line) {
  // A bare "!" is an empty stderr line, so it survives editors that strip
  // trailing whitespace.
  return line == "!" || StartsWith(line, "! ");
}

// Returns the exit code of a "[N]" line, or nullopt if `line` is not one.
std::optional<int> ParseExitCodeLine(std::string_view line) {
  if (line.size() < 3 || line.size() > 5 || line.front() != '[' || line.back() != ']') {
    return std::nullopt;
  }
  int code = 0;
  for (char digit : line.substr(1, line.size() - 2)) {
    if (digit < '0' || digit > '9') return std::nullopt;
    code = code * 10 + (digit - '0');
  }
  if (code > 255) return std::nullopt;
  return code;
}

// Consumes the "$ " line at `*line_idx` and any "> " continuation lines.
std::optional<ParseError> ParseCommand(const std::vector<std::string>& lines, size_t* line_idx,
                                       Step* step) {
  const std::string& first = lines[*line_idx];
  step->line_number = static_cast<int>(*line_idx) + 1;
  step->command_lines.push_back(first);
  step->command = first.substr(2);
  if (step->command.find_first_not_of(" \t") == std::string::npos) {
    return ParseError{step->line_number, "empty command"};
  }
  bool wants_continuation = EndsWith(first, " \\");
  ++*line_idx;
  // "> " lines continue the command even without a trailing backslash, so a
  // here-document can write an input file inline.
  while (*line_idx < lines.size() && StartsWith(lines[*line_idx], "> ")) {
    const std::string& line = lines[*line_idx];
    step->command_lines.push_back(line);
    step->command += "\n" + line.substr(2);
    wants_continuation = EndsWith(line, " \\");
    ++*line_idx;
  }
  if (wants_continuation) {
    return ParseError{static_cast<int>(*line_idx) + 1,
                      "command ends with \" \\\" but this line does not "
                      "start with \"> \""};
  }
  return std::nullopt;
}

// Consumes the expectation lines of one step, up to the next "$ " line.
std::optional<ParseError> ParseBody(const std::vector<std::string>& lines, size_t* line_idx,
                                    Step* step) {
  bool has_exit_code = false;
  // Blank lines become expected empty stdout lines only once a later stdout
  // line shows they are inside the output rather than separating steps.
  std::vector<size_t> pending_blanks;
  for (; *line_idx < lines.size() && !IsCommandLine(lines[*line_idx]); ++*line_idx) {
    const std::string& line = lines[*line_idx];
    const int line_number = static_cast<int>(*line_idx) + 1;
    const size_t body_idx = step->body_lines.size();
    step->body_lines.push_back(line);
    step->is_expectation.push_back(!line.empty() && !IsCommentLine(line));

    if (line.empty()) {
      pending_blanks.push_back(body_idx);
    } else if (IsCommentLine(line)) {
      continue;
    } else if (IsStderrLine(line)) {
      step->expected.stderr_lines.push_back(line.size() > 2 ? line.substr(2) : "");
    } else if (line.front() == '[') {
      std::optional<int> code = ParseExitCodeLine(line);
      if (!code) {
        return ParseError{line_number,
                          "not an exit code [0-255]; write \"\\[\" for a "
                          "stdout line starting with \"[\""};
      }
      if (has_exit_code) {
        return ParseError{line_number, "second exit code in one step"};
      }
      has_exit_code = true;
      step->expected.exit_code = *code;
    } else {
      for (size_t blank_idx : pending_blanks) {
        step->expected.stdout_lines.emplace_back();
        step->is_expectation[blank_idx] = true;
      }
      pending_blanks.clear();
      step->expected.stdout_lines.push_back(line.front() == '\\' ? line.substr(1) : line);
    }
  }
  return std::nullopt;
}

std::optional<ParseError> ParseCaseFile(std::string_view text, CaseFile* case_file) {
  const std::vector<std::string> lines = SplitLines(text).first;
  size_t line_idx = 0;
  for (; line_idx < lines.size() && !IsCommandLine(lines[line_idx]); ++line_idx) {
    const std::string& line = lines[line_idx];
    if (!line.empty() && !IsCommentLine(line)) {
      return ParseError{static_cast<int>(line_idx) + 1,
                        "only comments and blank lines may come before the first \"$ \" command"};
    }
    case_file->preamble.push_back(line);
  }
  if (line_idx == lines.size()) {
    return ParseError{1, "no \"$ \" command"};
  }
  while (line_idx < lines.size()) {
    Step step;
    if (auto error = ParseCommand(lines, &line_idx, &step)) return error;
    if (auto error = ParseBody(lines, &line_idx, &step)) return error;
    case_file->steps.push_back(std::move(step));
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------
// Running one command.

struct CommandResult {
  std::string stdout_text;
  std::string stderr_text;
  int exit_code = 0;
  // Why the runner killed the command ("timeout after 120 s"); empty if the
  // command ended by itself.
  std::string kill_reason;
};

// The signal (SIGINT, SIGTERM, SIGHUP) that asked the runner to stop, or 0.
// The handler only records it: the step loop then kills the running command
// and the scratch directory is removed before the runner dies of the signal.
volatile sig_atomic_t g_interrupt_signal = 0;

void RecordInterrupt(int signal_number) { g_interrupt_signal = signal_number; }

// Owns a file descriptor; closes it when reset or destroyed.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { Reset(); }

  int get() const { return fd_; }
  bool is_open() const { return fd_ >= 0; }
  void Reset() {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

// One output of the child: the read end of its pipe and what it has said.
struct CapturedStream {
  Fd read_end;
  std::string* text;
};

// Everything the child needs, prepared before fork() because the child may
// only make async-signal-safe calls. The pointers borrow from the caller.
struct ChildSetup {
  std::vector<char*> argv;
  std::vector<char*> envp;
  const char* working_dir;
  int stdin_fd;
  int stdout_fd;
  int stderr_fd;
};

[[noreturn]] void ExecChild(const ChildSetup& setup) {
  // A group of its own lets the runner kill the command and everything it
  // started, on timeout or when the command exits leaving children behind.
  setpgid(0, 0);
  // Dispositions and the mask survive execve(); reset what a caller (CI,
  // nohup) may have ignored or blocked.
  signal(SIGPIPE, SIG_DFL);
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
  signal(SIGHUP, SIG_DFL);
  sigset_t empty_mask;
  sigemptyset(&empty_mask);
  sigprocmask(SIG_SETMASK, &empty_mask, nullptr);

  if (dup2(setup.stdin_fd, STDIN_FILENO) < 0 || dup2(setup.stdout_fd, STDOUT_FILENO) < 0 ||
      dup2(setup.stderr_fd, STDERR_FILENO) < 0 || chdir(setup.working_dir) != 0) {
    constexpr char kMessage[] = "case_runner: cannot set up the command\n";
    (void)!write(STDERR_FILENO, kMessage, sizeof(kMessage) - 1);
    _exit(127);
  }
  execve(kShell, setup.argv.data(), setup.envp.data());
  constexpr char kMessage[] = "case_runner: cannot execute /bin/bash\n";
  (void)!write(STDERR_FILENO, kMessage, sizeof(kMessage) - 1);
  _exit(127);
}

int DecodeWaitStatus(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 255;
}

// Appends what is available on the stream's pipe to its text; closes the pipe
// at end of file.
void ReadAvailable(CapturedStream* stream) {
  char buffer[65536];
  const ssize_t count = read(stream->read_end.get(), buffer, sizeof(buffer));
  if (count > 0) {
    stream->text->append(buffer, static_cast<size_t>(count));
  } else if (count == 0 || (errno != EINTR && errno != EAGAIN)) {
    stream->read_end.Reset();
  }
}

// Whether the child has exited, asked without reaping it: the zombie keeps
// its process group id reserved while the runner kills the group's leftovers.
bool HasExited(pid_t pid) {
  siginfo_t info{};
  return waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
         info.si_pid == pid;
}

// Reads the child's stdout and stderr until it has exited and both pipes are
// closed. Returns an empty string then, or why the child's process group had
// to be killed first. Either way the child is left unreaped.
std::string CaptureUntilExit(pid_t pid, std::chrono::steady_clock::time_point deadline,
                             std::chrono::seconds timeout, CapturedStream* stdout_stream,
                             CapturedStream* stderr_stream) {
  using std::chrono::milliseconds;
  const std::array<CapturedStream*, 2> streams = {stdout_stream, stderr_stream};
  auto is_open = [](const CapturedStream* stream) { return stream->read_end.is_open(); };
  bool has_exited = false;
  for (;;) {
    if (!has_exited && HasExited(pid)) {
      has_exited = true;
      // Background processes the command left behind would otherwise hold
      // the pipes open or touch $DB during the next step.
      kill(-pid, SIGKILL);
    }
    const bool any_open = std::any_of(streams.begin(), streams.end(), is_open);
    if (has_exited && !any_open) return "";

    if (g_interrupt_signal != 0) {
      kill(-pid, SIGKILL);
      return "runner interrupted";
    }
    const auto remaining =
        std::chrono::duration_cast<milliseconds>(deadline - std::chrono::steady_clock::now());
    if (remaining.count() <= 0) {
      kill(-pid, SIGKILL);
      return "timeout after " + std::to_string(timeout.count()) + " s";
    }
    if (stdout_stream->text->size() + stderr_stream->text->size() > kMaxOutputBytes) {
      kill(-pid, SIGKILL);  // A runaway command must not exhaust memory.
      return "more than " + std::to_string(kMaxOutputBytes >> 20) + " MiB of output";
    }

    std::vector<pollfd> pollfds;
    std::vector<CapturedStream*> polled;
    for (CapturedStream* stream : streams) {
      if (!is_open(stream)) continue;
      pollfds.push_back({stream->read_end.get(), POLLIN, 0});
      polled.push_back(stream);
    }
    // poll() does not wake when the child exits, so wake up regularly to ask;
    // more often once the pipes are closed and the exit is imminent.
    const milliseconds slice(any_open ? 50 : 1);
    if (poll(pollfds.data(), pollfds.size(),
             static_cast<int>(std::min(remaining, slice).count())) <= 0) {
      continue;
    }
    for (size_t poll_idx = 0; poll_idx < pollfds.size(); ++poll_idx) {
      if (pollfds[poll_idx].revents != 0) ReadAvailable(polled[poll_idx]);
    }
  }
}

// Runs `command` with `/bin/bash -c` in `working_dir` with `environment` and
// stdin from /dev/null, killing it after `timeout`. Returns nullopt, with
// errno set, if the command could not be started.
std::optional<CommandResult> RunCommand(const std::string& command, const std::string& working_dir,
                                        const std::vector<std::string>& environment,
                                        std::chrono::seconds timeout) {
  CommandResult result;
  int pipe_fds[2];
  // Close-on-exec everywhere, so no step inherits another step's pipes.
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) return std::nullopt;
  CapturedStream stdout_stream{Fd(pipe_fds[0]), &result.stdout_text};
  Fd stdout_write(pipe_fds[1]);
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) return std::nullopt;
  CapturedStream stderr_stream{Fd(pipe_fds[0]), &result.stderr_text};
  Fd stderr_write(pipe_fds[1]);
  Fd dev_null(open("/dev/null", O_RDONLY | O_CLOEXEC));
  if (!dev_null.is_open()) return std::nullopt;

  // execve() takes non-const strings; hand it copies.
  std::vector<std::string> argv_strings = {"bash", "-c", command};
  std::vector<std::string> envp_strings = environment;
  ChildSetup setup;
  for (std::string& arg : argv_strings) setup.argv.push_back(arg.data());
  setup.argv.push_back(nullptr);
  for (std::string& entry : envp_strings) setup.envp.push_back(entry.data());
  setup.envp.push_back(nullptr);
  setup.working_dir = working_dir.c_str();
  setup.stdin_fd = dev_null.get();
  setup.stdout_fd = stdout_write.get();
  setup.stderr_fd = stderr_write.get();

  const auto deadline = std::chrono::steady_clock::now() + timeout;
  const pid_t pid = fork();
  if (pid < 0) return std::nullopt;
  if (pid == 0) ExecChild(setup);

  // Also set the group here: whichever of parent and child runs first, the
  // group exists before the parent might need to kill it.
  setpgid(pid, pid);
  stdout_write.Reset();
  stderr_write.Reset();
  dev_null.Reset();

  result.kill_reason = CaptureUntilExit(pid, deadline, timeout, &stdout_stream, &stderr_stream);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = DecodeWaitStatus(status);
  return result;
}

// ---------------------------------------------------------------------------
// The per-case scratch directory and environment.

// A fresh mkdtemp directory, removed recursively on destruction unless
// KEEP_CASE_TMP is set (then its path is printed on stderr for debugging).
class ScratchDir {
 public:
  ScratchDir() = default;
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  ~ScratchDir() {
    if (path_.empty()) return;
    if (std::getenv("KEEP_CASE_TMP") != nullptr) {
      std::cerr << "case_runner: kept " << path_ << "\n";
      return;
    }
    std::error_code ignored;  // Best effort: a leftover tmp dir is harmless.
    fs::remove_all(path_, ignored);
  }

  // Returns false if the directory could not be created.
  bool Create() {
    const char* tmpdir = std::getenv("TMPDIR");
    std::string base = (tmpdir != nullptr && *tmpdir != '\0') ? tmpdir : "/tmp";
    std::string pattern = base + "/chronicle-case-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) return false;
    path_ = pattern;
    return true;
  }

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The runner's environment with PATH, DB, TMP, LC_ALL and TZ replaced and
// CHRONICLE_DB removed, so that a developer's settings cannot change results.
std::vector<std::string> BuildEnvironment(const std::string& bin_dir,
                                          const std::string& scratch_dir) {
  const char* old_path = std::getenv("PATH");
  const std::string path =
      bin_dir + ":" +
      (old_path != nullptr && *old_path != '\0' ? old_path : "/usr/local/bin:/usr/bin:/bin");
  const std::vector<std::string> replaced = {"PATH", "DB", "TMP", "LC_ALL", "TZ", "CHRONICLE_DB"};
  std::vector<std::string> environment;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    std::string_view variable(*entry);
    std::string_view name = variable.substr(0, variable.find('='));
    if (std::find(replaced.begin(), replaced.end(), name) == replaced.end()) {
      environment.emplace_back(variable);
    }
  }
  environment.push_back("PATH=" + path);
  environment.push_back("DB=" + scratch_dir + "/db");  // Does not exist yet.
  environment.push_back("TMP=" + scratch_dir);
  environment.push_back("LC_ALL=C.UTF-8");
  environment.push_back("TZ=UTC");
  return environment;
}

// ---------------------------------------------------------------------------
// Comparing and reporting.

// Output as the case file expects it: lines, and whether the last one lacked
// its '\n' (which no case file can expect, so it always fails).
struct OutputLines {
  std::vector<std::string> lines;
  bool lacks_final_newline = false;
};

OutputLines ToOutputLines(std::string_view text) {
  auto [lines, ends_with_newline] = SplitLines(text);
  return {std::move(lines), !ends_with_newline};
}

struct StepOutcome {
  OutputLines stdout_output;
  OutputLines stderr_output;
  int exit_code = 0;
  std::string kill_reason;  // Empty unless the runner killed the command.
};

bool Matches(const Expectation& expected, const StepOutcome& actual) {
  return actual.kill_reason.empty() && expected.exit_code == actual.exit_code &&
         expected.stdout_lines == actual.stdout_output.lines &&
         !actual.stdout_output.lacks_final_newline &&
         expected.stderr_lines == actual.stderr_output.lines &&
         !actual.stderr_output.lacks_final_newline;
}

// Escapes a stdout line that would otherwise read as another kind of line.
// ">" matters only right after the command, but escaping it always is simpler
// and still correct.
std::string EscapeStdoutLine(const std::string& line) {
  if (!line.empty() && std::string_view("$!#[\\>").find(line.front()) != std::string_view::npos) {
    return "\\" + line;
  }
  return line;
}

std::string StderrLine(const std::string& line) { return line.empty() ? "!" : "! " + line; }

// The case file lines that expect exactly `outcome`, as --update writes them.
std::vector<std::string> ExpectationLines(const StepOutcome& outcome) {
  std::vector<std::string> lines;
  const std::vector<std::string>& out = outcome.stdout_output.lines;
  for (size_t line_idx = 0; line_idx < out.size(); ++line_idx) {
    // A trailing empty line written as "" would be read as a separator.
    const bool is_last = line_idx + 1 == out.size();
    lines.push_back(out[line_idx].empty() && is_last ? "\\" : EscapeStdoutLine(out[line_idx]));
  }
  for (const std::string& line : outcome.stderr_output.lines) {
    lines.push_back(StderrLine(line));
  }
  if (outcome.exit_code != 0) {
    lines.push_back("[" + std::to_string(outcome.exit_code) + "]");
  }
  return lines;
}

// The lines compared in a failure report: case file notation, plus markers
// for a missing final newline, and an exit code line even when it is 0.
std::vector<std::string> ReportLines(const Expectation& expected) {
  std::vector<std::string> lines;
  for (const std::string& line : expected.stdout_lines) {
    lines.push_back(EscapeStdoutLine(line));
  }
  for (const std::string& line : expected.stderr_lines) {
    lines.push_back(StderrLine(line));
  }
  lines.push_back("[" + std::to_string(expected.exit_code) + "]");
  return lines;
}

std::vector<std::string> ReportLines(const StepOutcome& actual) {
  std::vector<std::string> lines;
  for (const std::string& line : actual.stdout_output.lines) {
    lines.push_back(EscapeStdoutLine(line));
  }
  if (actual.stdout_output.lacks_final_newline) {
    lines.push_back(kNoNewlineMarker);
  }
  for (const std::string& line : actual.stderr_output.lines) {
    lines.push_back(StderrLine(line));
  }
  if (actual.stderr_output.lacks_final_newline) {
    lines.push_back(kNoNewlineMarker);
  }
  if (!actual.kill_reason.empty()) {
    lines.push_back("[killed: " + actual.kill_reason + "]");
  } else {
    lines.push_back("[" + std::to_string(actual.exit_code) + "]");
  }
  return lines;
}

// One line of a diff: ' ' in both, '-' expected only, '+' actual only. The
// text views the line lists that were diffed.
struct DiffLine {
  char tag;
  std::string_view text;
};

// Diffs two line lists: the common head and tail are matched directly and
// the rest with a longest-common-subsequence table, so one changed line in a
// long output stays cheap.
std::vector<DiffLine> DiffLines(const std::vector<std::string>& expected,
                                const std::vector<std::string>& actual) {
  size_t head = 0;
  while (head < expected.size() && head < actual.size() && expected[head] == actual[head]) {
    ++head;
  }
  size_t tail = 0;
  while (tail < expected.size() - head && tail < actual.size() - head &&
         expected[expected.size() - 1 - tail] == actual[actual.size() - 1 - tail]) {
    ++tail;
  }
  const size_t rows = expected.size() - head - tail;
  const size_t cols = actual.size() - head - tail;
  auto expected_at = [&](size_t row) -> const std::string& { return expected[head + row]; };
  auto actual_at = [&](size_t col) -> const std::string& { return actual[head + col]; };

  std::vector<DiffLine> diff;
  for (size_t line_idx = 0; line_idx < head; ++line_idx) {
    diff.push_back({' ', expected[line_idx]});
  }
  if (rows * cols > kMaxDiffCells) {
    for (size_t row = 0; row < rows; ++row) diff.push_back({'-', expected_at(row)});
    for (size_t col = 0; col < cols; ++col) diff.push_back({'+', actual_at(col)});
  } else {
    // common[row][col]: length of the LCS of the middles from (row, col) on.
    std::vector<std::vector<size_t>> common(rows + 1, std::vector<size_t>(cols + 1, 0));
    for (size_t row = rows; row-- > 0;) {
      for (size_t col = cols; col-- > 0;) {
        common[row][col] = expected_at(row) == actual_at(col)
                               ? common[row + 1][col + 1] + 1
                               : std::max(common[row + 1][col], common[row][col + 1]);
      }
    }
    size_t row = 0;
    size_t col = 0;
    while (row < rows || col < cols) {
      if (row < rows && col < cols && expected_at(row) == actual_at(col)) {
        diff.push_back({' ', expected_at(row++)});
        ++col;
      } else if (row < rows && (col == cols || common[row + 1][col] >= common[row][col + 1])) {
        diff.push_back({'-', expected_at(row++)});  // Removals first.
      } else {
        diff.push_back({'+', actual_at(col++)});
      }
    }
  }
  for (size_t line_idx = expected.size() - tail; line_idx < expected.size(); ++line_idx) {
    diff.push_back({' ', expected[line_idx]});
  }
  return diff;
}

// Renders `diff` for the report, replacing unchanged lines far from any change
// by a count. The missing newline marker is shown bare, as diff(1) does.
std::vector<std::string> RenderDiff(const std::vector<DiffLine>& diff) {
  std::vector<bool> is_shown(diff.size(), false);
  for (size_t line_idx = 0; line_idx < diff.size(); ++line_idx) {
    if (diff[line_idx].tag == ' ') continue;
    const size_t first = line_idx > kDiffContextLines ? line_idx - kDiffContextLines : 0;
    const size_t last = std::min(diff.size() - 1, line_idx + kDiffContextLines);
    std::fill(is_shown.begin() + first, is_shown.begin() + last + 1, true);
  }
  std::vector<std::string> rendered;
  size_t hidden = 0;
  for (size_t line_idx = 0; line_idx <= diff.size(); ++line_idx) {
    if (line_idx < diff.size() && !is_shown[line_idx]) {
      ++hidden;
      continue;
    }
    if (hidden > 0) {
      rendered.push_back("  ... " + std::to_string(hidden) + " matching line" +
                         (hidden > 1 ? "s" : ""));
      hidden = 0;
    }
    if (line_idx == diff.size()) break;
    const DiffLine& line = diff[line_idx];
    rendered.push_back(line.text == kNoNewlineMarker ? std::string(line.text)
                                                     : line.tag + std::string(line.text));
  }
  return rendered;
}

// Prints `rendered`, cutting the middle of a huge report but keeping its end,
// where the exit code and the reason for a kill are.
void PrintRendered(const std::vector<std::string>& rendered, std::ostream& out) {
  const bool is_cut = rendered.size() > kMaxReportLines;
  const size_t head = is_cut ? kMaxReportLines - kReportTailLines : rendered.size();
  for (size_t line_idx = 0; line_idx < head; ++line_idx) out << rendered[line_idx] << "\n";
  if (!is_cut) return;
  out << "  ... " << rendered.size() - head - kReportTailLines << " more lines not shown\n";
  for (size_t line_idx = rendered.size() - kReportTailLines; line_idx < rendered.size();
       ++line_idx) {
    out << rendered[line_idx] << "\n";
  }
}

void PrintFailure(const std::string& case_path, const Step& step, const StepOutcome& actual,
                  std::ostream& out) {
  out << "FAIL  " << case_path << ":" << step.line_number << "\n";
  for (const std::string& line : step.command_lines) out << line << "\n";
  const std::vector<std::string> expected_lines = ReportLines(step.expected);
  const std::vector<std::string> actual_lines = ReportLines(actual);
  PrintRendered(RenderDiff(DiffLines(expected_lines, actual_lines)), out);
}

void PrintPass(const Step& step, std::ostream& out) {
  out << "ok  " << TruncateUtf8(step.command_lines.front().substr(2), kSummaryCommandChars) << "\n";
}

// ---------------------------------------------------------------------------
// Rewriting the case file (--update).

// Replaces the expectation lines of `step` with those of `actual`, keeping
// comments and blank lines. New expectations go where the first expectation
// or blank line was, so leading comments stay above them and blank lines
// stay below (where they separate steps instead of becoming output).
void AppendUpdatedStep(const Step& step, const StepOutcome& actual,
                       std::vector<std::string>* lines) {
  lines->insert(lines->end(), step.command_lines.begin(), step.command_lines.end());
  // A passing step keeps its lines as written, so that updating a passing
  // case changes nothing; a killed step has no trustworthy output.
  if (Matches(step.expected, actual) || !actual.kill_reason.empty()) {
    lines->insert(lines->end(), step.body_lines.begin(), step.body_lines.end());
    return;
  }
  size_t insert_idx = 0;
  while (insert_idx < step.body_lines.size() && IsCommentLine(step.body_lines[insert_idx])) {
    ++insert_idx;
  }
  lines->insert(lines->end(), step.body_lines.begin(), step.body_lines.begin() + insert_idx);
  for (std::string& line : ExpectationLines(actual)) {
    lines->push_back(std::move(line));
  }
  for (size_t body_idx = insert_idx; body_idx < step.body_lines.size(); ++body_idx) {
    if (!step.is_expectation[body_idx]) {
      lines->push_back(step.body_lines[body_idx]);
    }
  }
}

std::string UpdatedCaseText(const CaseFile& case_file, const std::vector<StepOutcome>& outcomes) {
  std::vector<std::string> lines = case_file.preamble;
  for (size_t step_idx = 0; step_idx < case_file.steps.size(); ++step_idx) {
    AppendUpdatedStep(case_file.steps[step_idx], outcomes[step_idx], &lines);
  }
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

// Replaces the file through a rename, so an interrupted update never leaves
// a half-written case. Returns false on failure.
bool WriteFileAtomically(const std::string& path, const std::string& text) {
  const std::string temp_path = path + ".update-tmp";
  {
    std::ofstream file(temp_path, std::ios::binary | std::ios::trunc);
    file << text;
    if (!file.flush()) return false;
  }
  std::error_code error;
  fs::rename(temp_path, path, error);
  return !error;
}

// ---------------------------------------------------------------------------
// Command line and main flow.

struct Options {
  bool update = false;
  std::string bin_dir;
  std::string root_dir;
  std::string case_path;
  std::chrono::seconds timeout{kDefaultTimeoutSeconds};
};

constexpr const char* kUsage =
    "usage: case_runner [--update] [--timeout SECONDS] --bin DIR --root DIR "
    "CASEFILE\n";

// Returns the options, or nullopt (with a message on stderr) on a usage
// error. --bin and --root are made absolute because commands run in --root.
std::optional<Options> ParseOptions(int argc, char** argv) {
  Options options;
  std::string timeout_text;
  for (int arg_idx = 1; arg_idx < argc; ++arg_idx) {
    const std::string_view arg = argv[arg_idx];
    std::string* value = nullptr;
    if (arg == "--update") {
      options.update = true;
      continue;
    }
    if (arg == "--bin") value = &options.bin_dir;
    if (arg == "--root") value = &options.root_dir;
    if (arg == "--timeout") value = &timeout_text;
    if (value != nullptr) {
      if (++arg_idx == argc) {
        std::cerr << "case_runner: " << arg << " needs a value\n" << kUsage;
        return std::nullopt;
      }
      *value = argv[arg_idx];
    } else if (StartsWith(arg, "-") || !options.case_path.empty()) {
      std::cerr << "case_runner: unexpected argument " << arg << "\n" << kUsage;
      return std::nullopt;
    } else {
      options.case_path = arg;
    }
  }
  if (options.bin_dir.empty() || options.root_dir.empty() || options.case_path.empty()) {
    std::cerr << kUsage;
    return std::nullopt;
  }
  if (!timeout_text.empty()) {
    char* end = nullptr;
    const long seconds = std::strtol(timeout_text.c_str(), &end, 10);
    if (*end != '\0' || seconds <= 0) {
      std::cerr << "case_runner: --timeout needs a positive whole number\n";
      return std::nullopt;
    }
    options.timeout = std::chrono::seconds(seconds);
  }
  for (std::string* dir : {&options.bin_dir, &options.root_dir}) {
    std::error_code error;
    if (!fs::is_directory(*dir, error)) {
      std::cerr << "case_runner: not a directory: " << *dir << "\n";
      return std::nullopt;
    }
    *dir = fs::absolute(*dir, error).lexically_normal().string();
  }
  return options;
}

std::optional<std::string> ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return std::nullopt;
  std::ostringstream contents;
  contents << file.rdbuf();
  return contents.str();
}

void InstallInterruptHandlers() {
  for (int signal_number : {SIGINT, SIGTERM, SIGHUP}) {
    std::signal(signal_number, RecordInterrupt);
  }
}

// Runs the steps in order, printing "ok" or a failure report for each.
// Returns their outcomes, or nullopt if the runner was interrupted or a
// command could not be started (then with a message on stderr).
std::optional<std::vector<StepOutcome>> RunSteps(const CaseFile& case_file, const Options& options,
                                                 const std::vector<std::string>& environment,
                                                 std::ostream& out) {
  std::vector<StepOutcome> outcomes;
  for (const Step& step : case_file.steps) {
    if (g_interrupt_signal != 0) return std::nullopt;
    std::optional<CommandResult> result =
        RunCommand(step.command, options.root_dir, environment, options.timeout);
    if (!result) {
      std::cerr << "case_runner: cannot run a command: " << std::strerror(errno) << "\n";
      return std::nullopt;
    }
    if (g_interrupt_signal != 0) return std::nullopt;
    StepOutcome outcome{ToOutputLines(result->stdout_text), ToOutputLines(result->stderr_text),
                        result->exit_code, result->kill_reason};
    if (Matches(step.expected, outcome)) {
      PrintPass(step, out);
    } else {
      PrintFailure(options.case_path, step, outcome, out);
    }
    out.flush();
    outcomes.push_back(std::move(outcome));
  }
  return outcomes;
}

int Main(int argc, char** argv) {
  std::optional<Options> options = ParseOptions(argc, argv);
  if (!options) return kExitBadInput;

  std::optional<std::string> text = ReadFile(options->case_path);
  if (!text) {
    std::cerr << "case_runner: cannot read " << options->case_path << "\n";
    return kExitBadInput;
  }
  CaseFile case_file;
  if (std::optional<ParseError> error = ParseCaseFile(*text, &case_file)) {
    std::cerr << options->case_path << ":" << error->line_number << ": " << error->message << "\n";
    return kExitBadInput;
  }

  ScratchDir scratch;
  if (!scratch.Create()) {
    std::cerr << "case_runner: cannot create a temporary directory: " << std::strerror(errno)
              << "\n";
    return kExitBadInput;
  }
  const std::vector<std::string> environment = BuildEnvironment(options->bin_dir, scratch.path());
  InstallInterruptHandlers();

  std::optional<std::vector<StepOutcome>> outcomes =
      RunSteps(case_file, *options, environment, std::cout);
  if (!outcomes) return g_interrupt_signal != 0 ? kExitFailed : kExitBadInput;
  int passed = 0;
  for (size_t step_idx = 0; step_idx < outcomes->size(); ++step_idx) {
    passed += Matches(case_file.steps[step_idx].expected, (*outcomes)[step_idx]) ? 1 : 0;
  }
  const int failed = static_cast<int>(outcomes->size()) - passed;
  std::cout << passed << " passed, " << failed << " failed\n";

  if (!options->update) return failed == 0 ? kExitPassed : kExitFailed;
  const std::string updated = UpdatedCaseText(case_file, *outcomes);
  if (updated != *text && !WriteFileAtomically(options->case_path, updated)) {
    std::cerr << "case_runner: cannot rewrite " << options->case_path << "\n";
    return kExitBadInput;
  }
  return kExitPassed;
}

}  // namespace

int main(int argc, char** argv) {
  const int exit_code = Main(argc, argv);
  if (g_interrupt_signal != 0) {  // Die of the signal, as the caller expects.
    std::signal(g_interrupt_signal, SIG_DFL);
    std::raise(g_interrupt_signal);
  }
  return exit_code;
}
