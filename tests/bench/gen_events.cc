// gen_events: writes a deterministic, GDELT-like data set for the Chronicle vs SQLite benchmark.
//
//   gen_events --events N --out-dir DIR [--seed S]
//
// For N events it writes, into DIR:
//   chronicle.jsonl   the import format (schemas/import.schema.json): sources, then entities,
//                     then events; participants are referenced by entity id
//   entities.csv      id,name,kind                           (with a header line)
//   events.csv        id,title,kind,day,status,source        (day as YYYY-MM-DD)
//   participants.csv  event_id,entity_id,role
//   meta.json         the chosen query entities and their expected event counts
//
// The data: N/10 entities (at least 1), half persons, a third organisations, the rest places,
// named "Entity <n>"; one in 20 also has a Korean alias spelt from Hangul syllables (unique per
// entity, so references stay unambiguous). N/1000 sources (at least 1). Each event has 1 to 4
// distinct participants drawn by a Zipf law (exponent 1.1) over the entities, so a few entities
// are very hot (about 300K events for the hottest at N = 1M), a day uniform over
// 2000-01-01..2025-12-31, status "planned" for about 5% (else "occurred"), a kind from a small
// vocabulary, a title and one source.
//
// Deterministic: the same N and seed give byte-identical files on every platform (the random
// generator and the distributions are written here, not taken from <random>, whose
// distributions are implementation-defined). Events are streamed to the files as they are made;
// only per-entity arrays are held in memory, so 10M events need a few tens of MB.
//
// Standalone on purpose: standard library only. Exit codes: 0 success, 1 I/O error, 2 usage.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace fs = std::filesystem;

constexpr int kExitOk = 0;
constexpr int kExitIoError = 1;
constexpr int kExitUsage = 2;

constexpr uint64_t kDefaultSeed = 20250204;
constexpr double kZipfExponent = 1.1;
constexpr int kMaxParticipants = 4;
constexpr double kPlannedShare = 0.05;
constexpr uint64_t kEventsPerEntity = 10;
constexpr uint64_t kEventsPerSource = 1000;
constexpr uint64_t kEntitiesPerKoreanAlias = 20;
constexpr size_t kTopCountsShown = 10;
constexpr size_t kFlushBytes = size_t{1} << 20;

// The one-month window the hot-entity range query reads.
constexpr int kWindowYear = 2015;
constexpr unsigned kWindowMonth = 6;
static_assert(kWindowMonth >= 1 && kWindowMonth < 12, "the window ends before December");

constexpr std::string_view kEventKinds[] = {"statement", "meeting",  "visit",
                                            "agreement", "protest",  "investment",
                                            "report",    "announcement"};
constexpr std::string_view kEventKindTitles[] = {"Statement", "Meeting",  "Visit",
                                                 "Agreement", "Protest",  "Investment",
                                                 "Report",    "Announcement"};
static_assert(std::size(kEventKinds) == std::size(kEventKindTitles));
constexpr std::string_view kRoles[] = {"subject", "host",    "guest",    "speaker",
                                       "partner", "organizer", "attendee"};

// xoshiro256** (Blackman and Vigna), seeded through splitmix64: small, fast, and the same
// sequence everywhere.
class Random {
 public:
  explicit Random(uint64_t seed) {
    for (uint64_t& word : state_) {
      seed += 0x9e3779b97f4a7c15ULL;
      uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      word = z ^ (z >> 31);
    }
  }
  uint64_t Next() {
    const uint64_t result = Rotl(state_[1] * 5, 7) * 9;
    const uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = Rotl(state_[3], 45);
    return result;
  }
  // Uniform in [0, 1), 53 random bits.
  double NextDouble() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  // Uniform in [0, n). REQUIRES: 0 < n < 2^53 (the bias is below 2^-20 for the n used here).
  uint64_t Below(uint64_t n) { return static_cast<uint64_t>(NextDouble() * static_cast<double>(n)); }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t state_[4];
};

void AppendPadded(std::string* out, uint64_t value, size_t width);

// Days since 1970-01-01 of a proleptic Gregorian date, and back (H. Hinnant's algorithms).
int32_t DaysFromCivil(int32_t year, unsigned month, unsigned day) {
  year -= month <= 2;
  const int32_t era = (year >= 0 ? year : year - 399) / 400;
  const unsigned year_of_era = static_cast<unsigned>(year - era * 400);
  const unsigned day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + static_cast<int32_t>(day_of_era) - 719468;
}

// Appends the day as YYYY-MM-DD. REQUIRES: a year in 0..9999.
void AppendDay(std::string* out, int32_t days) {
  days += 719468;
  const int32_t era = (days >= 0 ? days : days - 146096) / 146097;
  const unsigned day_of_era = static_cast<unsigned>(days - era * 146097);
  const unsigned year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const unsigned day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const unsigned mp = (5 * day_of_year + 2) / 153;
  const unsigned day = day_of_year - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  const int32_t year = static_cast<int32_t>(year_of_era) + era * 400 + (month <= 2);
  AppendPadded(out, static_cast<uint64_t>(year), 4);
  out->push_back('-');
  AppendPadded(out, month, 2);
  out->push_back('-');
  AppendPadded(out, day, 2);
}

void AppendNumber(std::string* out, uint64_t value) {
  char digits[24];
  auto [end, error] = std::to_chars(digits, digits + sizeof(digits), value);
  out->append(digits, end);
}

void AppendPadded(std::string* out, uint64_t value, size_t width) {
  char digits[24];
  auto [end, error] = std::to_chars(digits, digits + sizeof(digits), value);
  const size_t length = static_cast<size_t>(end - digits);
  if (length < width) out->append(width - length, '0');
  out->append(digits, end);
}

// Everything generated here is plain text without quotes, backslashes or control characters,
// except that CSV fields may contain commas; quote a field only when it needs it.
void AppendCsvField(std::string* out, std::string_view field) {
  if (field.find_first_of(",\"\n") == std::string_view::npos) {
    out->append(field);
    return;
  }
  out->push_back('"');
  for (char c : field) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

void AppendUtf8(std::string* out, uint32_t code_point) {
  // Hangul syllables are in U+AC00..U+D7A3: always three bytes.
  out->push_back(static_cast<char>(0xE0 | (code_point >> 12)));
  out->push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
  out->push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
}

// A buffered output file; Close reports whether every write succeeded.
class OutputFile {
 public:
  bool Open(const fs::path& path) {
    path_ = path;
    file_ = std::fopen(path.c_str(), "wb");
    return file_ != nullptr;
  }
  ~OutputFile() {
    if (file_ != nullptr) std::fclose(file_);
  }
  std::string& buffer() { return buffer_; }
  void MaybeFlush() {
    if (buffer_.size() >= kFlushBytes) Flush();
  }
  bool Close() {
    Flush();
    const bool closed = std::fclose(file_) == 0;
    file_ = nullptr;
    return ok_ && closed;
  }
  const fs::path& path() const { return path_; }

 private:
  void Flush() {
    if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
      ok_ = false;
    }
    buffer_.clear();
  }
  fs::path path_;
  std::FILE* file_ = nullptr;
  std::string buffer_;
  bool ok_ = true;
};

struct Options {
  uint64_t events = 0;
  fs::path out_dir;
  uint64_t seed = kDefaultSeed;
};

bool ParseCount(std::string_view text, uint64_t* value) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), *value);
  return error == std::errc() && end == text.data() + text.size();
}

int Usage(const std::string& problem) {
  std::cerr << "gen_events: " << problem << "\n"
            << "usage: gen_events --events N --out-dir DIR [--seed S]\n";
  return kExitUsage;
}

struct QueryChoice {
  uint32_t entity = 0;
  uint32_t events = 0;
};

std::string EntityId(uint32_t entity_idx) { return "ent-" + std::to_string(entity_idx + 1); }

void AppendQueryJson(std::string* out, std::string_view name, const QueryChoice& choice,
                     std::string_view extra) {
  *out += "    \"";
  *out += name;
  *out += "\": {\"entity\": \"" + EntityId(choice.entity) + "\", ";
  *out += extra;
  *out += "\"events\": " + std::to_string(choice.events) + "}";
}

int Run(const Options& options) {
  const uint64_t event_count = options.events;
  const uint32_t entity_count =
      static_cast<uint32_t>(std::max<uint64_t>(1, event_count / kEventsPerEntity));
  const uint64_t source_count = std::max<uint64_t>(1, event_count / kEventsPerSource);
  std::error_code error;
  fs::create_directories(options.out_dir, error);
  if (error) {
    std::cerr << "gen_events: cannot create " << options.out_dir << ": " << error.message() << "\n";
    return kExitIoError;
  }
  OutputFile jsonl, entities_csv, events_csv, participants_csv;
  for (auto [file, name] : {std::pair{&jsonl, "chronicle.jsonl"},
                            std::pair{&entities_csv, "entities.csv"},
                            std::pair{&events_csv, "events.csv"},
                            std::pair{&participants_csv, "participants.csv"}}) {
    if (!file->Open(options.out_dir / name)) {
      std::cerr << "gen_events: cannot write " << (options.out_dir / name) << "\n";
      return kExitIoError;
    }
  }
  Random random(options.seed);

  // Sources.
  for (uint64_t source_idx = 1; source_idx <= source_count; ++source_idx) {
    std::string& out = jsonl.buffer();
    out += "{\"type\": \"source\", \"id\": \"src-";
    AppendNumber(&out, source_idx);
    out += "\", \"title\": \"Wire story batch ";
    AppendNumber(&out, source_idx);
    out += "\", \"publisher\": \"Publisher ";
    AppendNumber(&out, source_idx % 17 + 1);
    out += "\", \"published\": \"2025-12-31\", \"language\": \"en\"}\n";
    jsonl.MaybeFlush();
  }

  // Entities. A Korean alias spells the entity's ordinal among aliased entities, scrambled by
  // a bijection of [0, 399^3), in base 399 (19 initial consonants x 21 vowels, no final
  // consonant): three syllables, each position through its own fixed shuffle of the 399
  // syllables. Unique per entity, yet not visibly sequential.
  constexpr uint64_t kSyllables = 19 * 21;
  constexpr uint64_t kAliasSpace = kSyllables * kSyllables * kSyllables;
  constexpr uint64_t kAliasMultiplier = 1000003;  // prime, so coprime with 399^3 = (3*7*19)^3
  static_assert(kAliasSpace * kEntitiesPerKoreanAlias * kEventsPerEntity > 1'000'000'000,
                "every entity of the largest run gets its own alias");
  std::vector<uint32_t> syllable_order[3];
  for (std::vector<uint32_t>& order : syllable_order) {
    order.resize(kSyllables);
    for (uint32_t syllable_idx = 0; syllable_idx < kSyllables; ++syllable_idx) {
      order[syllable_idx] = 0xAC00 + syllable_idx * 28;  // initial*21*28 + vowel*28, no final
    }
    for (uint64_t idx = kSyllables - 1; idx > 0; --idx) {
      std::swap(order[idx], order[random.Below(idx + 1)]);
    }
  }
  entities_csv.buffer() += "id,name,kind\n";
  for (uint32_t entity_idx = 0; entity_idx < entity_count; ++entity_idx) {
    const double draw = random.NextDouble();
    const std::string_view kind = draw < 0.5 ? "person" : draw < 0.85 ? "organization" : "place";
    std::string& out = jsonl.buffer();
    out += "{\"type\": \"entity\", \"id\": \"ent-";
    AppendNumber(&out, entity_idx + 1);
    out += "\", \"name\": \"Entity ";
    AppendNumber(&out, entity_idx + 1);
    out += "\", \"kind\": \"";
    out += kind;
    out += '"';
    if (entity_idx % kEntitiesPerKoreanAlias == kEntitiesPerKoreanAlias - 1) {
      uint64_t ordinal =
          (entity_idx / kEntitiesPerKoreanAlias * kAliasMultiplier + 12345) % kAliasSpace;
      out += ", \"aliases\": [\"";
      for (const std::vector<uint32_t>& order : syllable_order) {
        AppendUtf8(&out, order[ordinal % kSyllables]);
        ordinal /= kSyllables;
      }
      out += "\"]";
    }
    out += "}\n";
    jsonl.MaybeFlush();

    std::string& csv = entities_csv.buffer();
    csv += "ent-";
    AppendNumber(&csv, entity_idx + 1);
    csv += ",Entity ";
    AppendNumber(&csv, entity_idx + 1);
    csv += ',';
    csv += kind;
    csv += '\n';
    entities_csv.MaybeFlush();
  }

  // Zipf over ranks 1..M: cumulative weights, searched with a uniform draw. Ranks map to
  // entities through a fixed shuffle so that the hot entities are spread over the id space.
  std::vector<double> cumulative(entity_count);
  double total_weight = 0;
  for (uint32_t rank_idx = 0; rank_idx < entity_count; ++rank_idx) {
    total_weight += std::pow(static_cast<double>(rank_idx + 1), -kZipfExponent);
    cumulative[rank_idx] = total_weight;
  }
  std::vector<uint32_t> entity_of_rank(entity_count);
  for (uint32_t rank_idx = 0; rank_idx < entity_count; ++rank_idx) entity_of_rank[rank_idx] = rank_idx;
  for (uint32_t idx = entity_count - 1; idx > 0; --idx) {
    std::swap(entity_of_rank[idx], entity_of_rank[random.Below(idx + 1)]);
  }
  auto draw_entity = [&]() {
    const double target = random.NextDouble() * total_weight;
    size_t rank_idx = std::upper_bound(cumulative.begin(), cumulative.end(), target) - cumulative.begin();
    return entity_of_rank[std::min<size_t>(rank_idx, entity_count - 1)];
  };

  // Events.
  const int32_t first_day = DaysFromCivil(2000, 1, 1);
  const int32_t last_day = DaysFromCivil(2025, 12, 31);
  const int32_t window_first = DaysFromCivil(kWindowYear, kWindowMonth, 1);
  const int32_t window_last = DaysFromCivil(kWindowYear, kWindowMonth + 1, 1) - 1;
  const size_t id_width = std::to_string(event_count).size();
  std::vector<uint32_t> event_counts(entity_count, 0);
  std::vector<uint32_t> window_counts(entity_count, 0);
  uint64_t participant_rows = 0;
  events_csv.buffer() += "id,title,kind,day,status,source\n";
  participants_csv.buffer() += "event_id,entity_id,role\n";
  std::string event_id, title, day_text;
  uint32_t participants[kMaxParticipants];
  std::string_view roles[kMaxParticipants];
  for (uint64_t event_idx = 1; event_idx <= event_count; ++event_idx) {
    const int32_t day = first_day + static_cast<int32_t>(random.Below(last_day - first_day + 1));
    const size_t kind_idx = random.Below(std::size(kEventKinds));
    const bool is_planned = random.NextDouble() < kPlannedShare;
    const uint64_t source_idx = random.Below(source_count) + 1;
    const size_t participant_count =
        std::min<size_t>(random.Below(kMaxParticipants) + 1, entity_count);
    for (size_t slot_idx = 0; slot_idx < participant_count; ++slot_idx) {
      uint32_t entity_idx;
      do {
        entity_idx = draw_entity();
      } while (std::find(participants, participants + slot_idx, entity_idx) !=
               participants + slot_idx);
      participants[slot_idx] = entity_idx;
      roles[slot_idx] = kRoles[random.Below(std::size(kRoles))];
      ++event_counts[entity_idx];
      if (day >= window_first && day <= window_last) ++window_counts[entity_idx];
    }
    participant_rows += participant_count;

    event_id = "ev-";
    AppendPadded(&event_id, event_idx, id_width);
    day_text.clear();
    AppendDay(&day_text, day);
    title = kEventKindTitles[kind_idx];
    title += participant_count == 1 ? " by Entity " : " of Entity ";
    AppendNumber(&title, participants[0] + 1);
    if (participant_count >= 2) {
      title += " and Entity ";
      AppendNumber(&title, participants[1] + 1);
    }
    if (participant_count > 2) {
      title += " with ";
      AppendNumber(&title, participant_count - 2);
      title += participant_count == 3 ? " other" : " others";
    }
    const std::string_view status = is_planned ? "planned" : "occurred";

    std::string& out = jsonl.buffer();
    out += "{\"type\": \"event\", \"id\": \"";
    out += event_id;
    out += "\", \"title\": \"";
    out += title;
    out += "\", \"kind\": \"";
    out += kEventKinds[kind_idx];
    out += "\", \"when\": \"";
    out += day_text;
    out += "\", \"status\": \"";
    out += status;
    out += "\", \"participants\": [";
    for (size_t slot_idx = 0; slot_idx < participant_count; ++slot_idx) {
      out += slot_idx == 0 ? "{\"entity\": \"ent-" : ", {\"entity\": \"ent-";
      AppendNumber(&out, participants[slot_idx] + 1);
      out += "\", \"role\": \"";
      out += roles[slot_idx];
      out += "\"}";
    }
    out += "], \"sources\": [{\"source\": \"src-";
    AppendNumber(&out, source_idx);
    out += "\"}]}\n";
    jsonl.MaybeFlush();

    std::string& csv = events_csv.buffer();
    csv += event_id;
    csv += ',';
    AppendCsvField(&csv, title);
    csv += ',';
    csv += kEventKinds[kind_idx];
    csv += ',';
    csv += day_text;
    csv += ',';
    csv += status;
    csv += ",src-";
    AppendNumber(&csv, source_idx);
    csv += '\n';
    events_csv.MaybeFlush();

    std::string& links = participants_csv.buffer();
    for (size_t slot_idx = 0; slot_idx < participant_count; ++slot_idx) {
      links += event_id;
      links += ",ent-";
      AppendNumber(&links, participants[slot_idx] + 1);
      links += ',';
      links += roles[slot_idx];
      links += '\n';
    }
    participants_csv.MaybeFlush();
  }
  for (OutputFile* file : {&jsonl, &entities_csv, &events_csv, &participants_csv}) {
    if (!file->Close()) {
      std::cerr << "gen_events: writing " << file->path() << " failed\n";
      return kExitIoError;
    }
  }

  // The query entities. Order entities by (event count, id number) so that ties are settled
  // the same way every time.
  std::vector<uint32_t> by_count(entity_count);
  for (uint32_t entity_idx = 0; entity_idx < entity_count; ++entity_idx) by_count[entity_idx] = entity_idx;
  std::sort(by_count.begin(), by_count.end(), [&](uint32_t a, uint32_t b) {
    return event_counts[a] != event_counts[b] ? event_counts[a] < event_counts[b] : a < b;
  });
  auto choice = [&](uint32_t entity_idx) { return QueryChoice{entity_idx, event_counts[entity_idx]}; };
  // Typical: the median entity; when the median has no event, the first one that has some.
  size_t typical_pos = entity_count / 2;
  while (typical_pos + 1 < entity_count && event_counts[by_count[typical_pos]] == 0) ++typical_pos;
  const QueryChoice typical = choice(by_count[typical_pos]);
  const QueryChoice hot = choice(by_count.back());
  // Warm: the count closest to N/1000 (about 1000 events at N = 1M).
  const int64_t warm_target = static_cast<int64_t>(std::max<uint64_t>(1, event_count / 1000));
  QueryChoice warm = hot;
  for (uint32_t entity_idx : by_count) {
    if (event_counts[entity_idx] == 0) continue;
    if (std::llabs(int64_t{event_counts[entity_idx]} - warm_target) <
        std::llabs(int64_t{warm.events} - warm_target)) {
      warm = choice(entity_idx);
    }
  }
  const QueryChoice hot_window{hot.entity, window_counts[hot.entity]};

  std::string window_from, window_to;
  AppendDay(&window_from, window_first);
  AppendDay(&window_to, window_last);
  std::string meta = "{\n  \"events\": " + std::to_string(event_count) +
                     ",\n  \"entities\": " + std::to_string(entity_count) +
                     ",\n  \"sources\": " + std::to_string(source_count) +
                     ",\n  \"participants\": " + std::to_string(participant_rows) +
                     ",\n  \"seed\": " + std::to_string(options.seed) +
                     ",\n  \"zipf_exponent\": " + std::to_string(kZipfExponent) +
                     ",\n  \"queries\": {\n";
  AppendQueryJson(&meta, "typical", typical, "");
  meta += ",\n";
  AppendQueryJson(&meta, "warm", warm, "");
  meta += ",\n";
  AppendQueryJson(&meta, "hot_month", hot_window,
                  "\"from\": \"" + window_from + "\", \"to\": \"" + window_to + "\", ");
  meta += ",\n";
  AppendQueryJson(&meta, "hot", hot, "");
  meta += "\n  },\n  \"top\": [";
  const size_t shown = std::min<size_t>(kTopCountsShown, entity_count);
  for (size_t top_idx = 0; top_idx < shown; ++top_idx) {
    const uint32_t entity_idx = by_count[entity_count - 1 - top_idx];
    meta += top_idx == 0 ? "\n" : ",\n";
    meta += "    {\"entity\": \"" + EntityId(entity_idx) +
            "\", \"events\": " + std::to_string(event_counts[entity_idx]) + "}";
  }
  meta += "\n  ]\n}\n";
  OutputFile meta_file;
  if (!meta_file.Open(options.out_dir / "meta.json")) {
    std::cerr << "gen_events: cannot write " << (options.out_dir / "meta.json") << "\n";
    return kExitIoError;
  }
  meta_file.buffer() = meta;
  if (!meta_file.Close()) {
    std::cerr << "gen_events: writing " << meta_file.path() << " failed\n";
    return kExitIoError;
  }

  std::cout << "gen_events: " << event_count << " events, " << entity_count << " entities, "
            << source_count << " sources, " << participant_rows << " participant rows -> "
            << options.out_dir.string() << "\n";
  std::cout << "top entities by events:";
  for (size_t top_idx = 0; top_idx < shown; ++top_idx) {
    const uint32_t entity_idx = by_count[entity_count - 1 - top_idx];
    std::cout << " " << EntityId(entity_idx) << "=" << event_counts[entity_idx];
  }
  std::cout << "\nqueries: typical " << EntityId(typical.entity) << " (" << typical.events
            << "), warm " << EntityId(warm.entity) << " (" << warm.events << "), hot "
            << EntityId(hot.entity) << " (" << hot.events << "; " << hot_window.events << " in "
            << window_from.substr(0, 7) << ")\n";
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  bool has_events = false;
  for (int arg_idx = 1; arg_idx < argc; ++arg_idx) {
    const std::string_view arg = argv[arg_idx];
    if (arg == "--help" || arg == "-h") {
      std::cout << "usage: gen_events --events N --out-dir DIR [--seed S]\n";
      return kExitOk;
    }
    if (arg_idx + 1 >= argc) return Usage("missing value after " + std::string(arg));
    const std::string_view value = argv[++arg_idx];
    if (arg == "--events") {
      if (!ParseCount(value, &options.events) || options.events == 0 ||
          options.events > 1'000'000'000) {
        return Usage("--events must be a whole number from 1 to 1000000000");
      }
      has_events = true;
    } else if (arg == "--out-dir") {
      options.out_dir = value;
    } else if (arg == "--seed") {
      if (!ParseCount(value, &options.seed)) return Usage("--seed must be a whole number");
    } else {
      return Usage("unknown option " + std::string(arg));
    }
  }
  if (!has_events) return Usage("--events is required");
  if (options.out_dir.empty()) return Usage("--out-dir is required");
  return Run(options);
}
