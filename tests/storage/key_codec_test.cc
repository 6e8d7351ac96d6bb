#include "storage/key_codec.h"

#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <compare>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <ostream>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "core/edtf.h"

namespace chronicle::storage {
namespace {

using std::string_literals::operator""s;
using std::string_view_literals::operator""sv;

constexpr int kRandomPairs = 10'000;
constexpr int kRandomKeys = 2'000;
constexpr int32_t kMinusYear44March15 = -735'526;  // EDTF -0044-03-15
constexpr int32_t kYear2025February4 = 20'123;
constexpr uint64_t kMaxIid = std::numeric_limits<uint64_t>::max();
constexpr uint64_t kBit63 = uint64_t{1} << 63;
constexpr size_t kMaxIdSize = 128;

// Values the random generators favour, because encodings change shape at them.
constexpr auto kBoundaryDays =
    std::to_array<int32_t>({kOpenStartDay, kOpenStartDay + 1, kMinusYear44March15, -65'536, -256,
                            -1, 0, 1, kYear2025February4, 65'536, kOpenEndDay - 1, kOpenEndDay});
constexpr std::array<uint64_t, 10> kBoundaryIids = {
    0, 1, 0x7F, 0x80, 0xFF, 0x100, kBit63 - 1, kBit63, kMaxIid - 1, kMaxIid};
// External ids that tie with each other in every way a variable-length key end can: one a
// proper prefix of another ("a" of "a-1" and "ab"), '-' and '.' (0x2D, 0x2E) below digits and
// digits below letters, ids that start like a date, and numbered ids whose text order is not
// their numeric order ("a-10" before "a-2").
constexpr auto kTieIds =
    std::to_array<std::string_view>({"a", "a-1", "ab", "b", "2025-02-04-x", "2025-02-04",
                                     "2025-02-04.x", "a-10", "a-2", "a.b", "a_b", "z", "0", "9"});
// The bytes of valid ids (lowercase letters, digits, '.', '_', '-'), a few of each kind so that
// random ids often share leading bytes.
constexpr std::string_view kIdBytes = "-._0129az";
constexpr std::string_view kIdFirstBytes = "0129az";

// RocksDB's BytewiseComparator: memcmp (unsigned bytes) over the common length, then the
// shorter string first. Written out rather than relying on std::string's operator< so that the
// tests do not depend on how char (possibly signed) is compared.
int BytewiseCompare(std::string_view a, std::string_view b) {
  const size_t common = std::min(a.size(), b.size());
  if (common > 0) {
    const int result = std::memcmp(a.data(), b.data(), common);
    if (result != 0) return result < 0 ? -1 : 1;
  }
  if (a.size() == b.size()) return 0;
  return a.size() < b.size() ? -1 : 1;
}

bool BytewiseLess(std::string_view a, std::string_view b) { return BytewiseCompare(a, b) < 0; }

int Sign(std::strong_ordering order) { return order < 0 ? -1 : (order > 0 ? 1 : 0); }

// True when `key` lies in [prefix, PrefixSuccessor(prefix)), the range an iterator bounded by
// the prefix visits.
bool InPrefixRange(std::string_view key, std::string_view prefix) {
  const std::string successor = PrefixSuccessor(prefix);
  return !BytewiseLess(key, prefix) && (successor.empty() || BytewiseLess(key, successor));
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// An external id as a key part: ordered as unsigned bytes, shorter prefix first (the order the
// ids must have for timelines to break ties of equal days by id), printed with every byte that
// is not printable ASCII escaped.
struct IdPart {
  std::string_view bytes;

  friend bool operator==(const IdPart&, const IdPart&) = default;
  friend std::strong_ordering operator<=>(const IdPart& a, const IdPart& b) {
    return BytewiseCompare(a.bytes, b.bytes) <=> 0;
  }
  friend std::ostream& operator<<(std::ostream& out, const IdPart& id) {
    constexpr std::string_view kHexDigits = "0123456789abcdef";
    out << '"';
    for (const char byte : id.bytes) {
      const auto value = static_cast<uint8_t>(byte);
      if (value >= 0x20 && value < 0x7F && byte != '"' && byte != '\\') {
        out << byte;
      } else {
        out << "\\x" << kHexDigits[value >> 4] << kHexDigits[value & 0xF];
      }
    }
    return out << '"';
  }
};

// Records have no Parts struct in the codec (DecodeRecordKey returns the type and the id);
// this one lets record keys share the helpers below.
struct RecordParts {
  RecordType type;
  std::string_view id;
};

std::string RecordKeyOf(const RecordParts& parts) { return RecordKey(parts.type, parts.id); }

bool DecodeRecordParts(std::string_view key, RecordParts* parts) {
  return DecodeRecordKey(key, &parts->type, &parts->id);
}

// A key of the `versions` family. DecodeVersionKey gives back only the type and the id.
struct VersionParts {
  RecordType type;
  std::string_view id;
  uint64_t tx;
  uint32_t ordinal;
};

std::string VersionKeyOf(const VersionParts& parts) {
  return VersionKey(parts.type, parts.id, parts.tx, parts.ordinal);
}

// A key of the `versioned` family.
using VersionedParts = VersionedKeyParts;

std::string VersionedKeyOf(const VersionedParts& parts) { return VersionedKey(parts); }

bool DecodeVersionedParts(std::string_view key, VersionedParts* parts) {
  return DecodeVersionedKey(key, parts);
}

// The natural order of each key's parts, written as tuples so that <=> compares them
// lexicographically with signed days and ids as bytes.
std::tuple<int32_t> AsTuple(int32_t value) { return {value}; }
std::tuple<uint64_t> AsTuple(uint64_t value) { return {value}; }
std::tuple<uint64_t, int32_t, int32_t, IdPart> AsTuple(const TimelineKeyParts& parts) {
  return {parts.entity_iid, parts.earliest_day, parts.latest_day, IdPart{parts.event_id}};
}
std::tuple<int32_t, int32_t, IdPart> AsTuple(const TimeKeyParts& parts) {
  return {parts.earliest_day, parts.latest_day, IdPart{parts.event_id}};
}
std::tuple<uint64_t, int32_t, int32_t, IdPart> AsTuple(const EdgeKeyParts& parts) {
  return {parts.entity_iid, parts.earliest_day, parts.latest_day, IdPart{parts.relation_id}};
}
std::tuple<unsigned, IdPart> AsTuple(const RecordParts& parts) {
  return {static_cast<unsigned>(parts.type), IdPart{parts.id}};
}
std::tuple<unsigned, IdPart, uint64_t, uint32_t> AsTuple(const VersionParts& parts) {
  return {static_cast<unsigned>(parts.type), IdPart{parts.id}, parts.tx, parts.ordinal};
}
std::tuple<uint64_t, int32_t, int32_t, unsigned, IdPart> AsTuple(const VersionedParts& parts) {
  return {parts.entity_iid, parts.earliest_day, parts.latest_day,
          static_cast<unsigned>(parts.type), IdPart{parts.id}};
}

template <typename Value>
bool TupleLess(const Value& a, const Value& b) {
  return AsTuple(a) < AsTuple(b);
}

template <typename Value>
std::string Describe(const Value& value) {
  std::ostringstream out;
  out << '(';
  std::apply(
      [&out](const auto&... part) {
        const char* separator = "";
        ((out << separator << part, separator = ", "), ...);
      },
      AsTuple(value));
  out << ')';
  return out.str();
}

std::string Fixed64(uint64_t value) {
  std::string encoded;
  AppendFixed64BE(&encoded, value);
  return encoded;
}

std::string OrderedInt32(int32_t value) {
  std::string encoded;
  AppendOrderedInt32(&encoded, value);
  return encoded;
}

std::string Varint64(uint64_t value) {
  std::string encoded;
  AppendVarint64(&encoded, value);
  return encoded;
}

// The rule every key layout must keep: comparing encodings bytewise gives the same answer as
// comparing the parts in order.
template <typename Value, typename Encode>
void CheckByteOrderMatchesValueOrder(const Value& a, const Value& b, Encode encode) {
  INFO("a = " << Describe(a) << ", b = " << Describe(b));
  CHECK(BytewiseCompare(encode(a), encode(b)) == Sign(AsTuple(a) <=> AsTuple(b)));
}

// Every pair of `ascending` (itself included) is checked, not only neighbours.
template <typename Value, typename Encode>
void CheckAscendingValuesEncodeAscending(const std::vector<Value>& ascending, Encode encode) {
  REQUIRE(std::is_sorted(ascending.begin(), ascending.end(), TupleLess<Value>));
  for (const Value& a : ascending) {
    for (const Value& b : ascending) CheckByteOrderMatchesValueOrder(a, b, encode);
  }
}

// The same rule seen the way RocksDB applies it: sorting the values by their parts and sorting
// their keys bytewise give the same sequence.
template <typename Value, typename Encode>
void CheckSortedValuesGiveSortedKeys(std::vector<Value> values, Encode encode) {
  std::sort(values.begin(), values.end(), TupleLess<Value>);
  std::vector<std::string> keys;
  keys.reserve(values.size());
  for (const Value& value : values) keys.push_back(encode(value));
  std::vector<std::string> bytewise_sorted = keys;
  std::sort(bytewise_sorted.begin(), bytewise_sorted.end(), BytewiseLess);
  for (size_t key_idx = 0; key_idx < keys.size(); ++key_idx) {
    INFO("position " << key_idx << ", value " << Describe(values[key_idx]));
    CHECK(keys[key_idx] == bytewise_sorted[key_idx]);
  }
}

// Bytes in a heap block of exactly their size, so that AddressSanitizer reports a decoder that
// reads past the end (a std::string would hide it behind its terminator and spare capacity).
class ExactBuffer {
 public:
  explicit ExactBuffer(std::string_view bytes)
      : size_(bytes.size()), data_(std::make_unique<char[]>(bytes.size())) {
    std::copy(bytes.begin(), bytes.end(), data_.get());
  }
  std::string_view view() const { return {data_.get(), size_}; }

 private:
  size_t size_;
  std::unique_ptr<char[]> data_;
};

// Every truncation of `key` is decoded from an exact buffer: those no longer than the fixed
// part (so with an empty id) must be refused, and every longer one is a valid key whose id is
// the bytes after the fixed part. `id_of` picks the id out of the decoded parts.
template <typename Parts, typename IdOf>
void CheckDecodeNeedsFixedPartAndId(const std::string& key, size_t fixed_size,
                                    bool (*decode)(std::string_view, Parts*), IdOf id_of) {
  REQUIRE(key.size() > fixed_size + 1);
  for (size_t length = 0; length <= key.size(); ++length) {
    INFO("truncated to " << length << " bytes");
    const ExactBuffer buffer(std::string_view(key).substr(0, length));
    Parts parts{};
    if (length <= fixed_size) {
      CHECK_FALSE(decode(buffer.view(), &parts));
    } else {
      REQUIRE(decode(buffer.view(), &parts));
      CHECK(id_of(parts).data() == buffer.view().data() + fixed_size);
      CHECK(id_of(parts) == buffer.view().substr(fixed_size));
    }
  }
}

// Key parts biased towards boundaries and ties: uniform 32/64-bit values alone would almost
// never share an entity or a day, and the later key parts would go untested. ...Like(a) copies
// each part of `a` half of the time, so that pairs often tie on their leading parts and differ
// only in a later one, the id included.
class RandomKeyParts {
 public:
  // Ids are made once here and never change, so the views that Id() returns stay valid for the
  // generator's lifetime.
  explicit RandomKeyParts(uint64_t seed) : rng_(seed) {
    while (ids_.size() < kRandomIdCount) {
      if (!ids_.empty() && Below(3) == 0) {
        // An extension of an earlier id: the two tie on every byte of the shorter one.
        std::string extended = ids_[Below(ids_.size())];
        const uint64_t extra = 1 + Below(3);
        for (uint64_t byte_idx = 0; byte_idx < extra && extended.size() < kMaxIdSize; ++byte_idx) {
          extended.push_back(kIdBytes[Below(kIdBytes.size())]);
        }
        ids_.push_back(std::move(extended));
      } else {
        ids_.push_back(FreshId());
      }
    }
  }

  uint64_t Below(uint64_t bound) {
    return std::uniform_int_distribution<uint64_t>(0, bound - 1)(rng_);
  }

  bool Coin() { return Below(2) == 0; }

  int32_t Day() {
    switch (Below(4)) {
      case 0:
        return kBoundaryDays[Below(kBoundaryDays.size())];
      case 1:
        return static_cast<int32_t>(Below(7)) - 3;
      default:
        return static_cast<int32_t>(static_cast<uint32_t>(rng_()));
    }
  }

  uint64_t Iid() {
    switch (Below(4)) {
      case 0:
        return kBoundaryIids[Below(kBoundaryIids.size())];
      case 1:
        return Below(4);
      default:
        return rng_();
    }
  }

  std::string_view Id() {
    if (Below(3) == 0) return kTieIds[Below(kTieIds.size())];
    return ids_[Below(ids_.size())];
  }

  RecordType Type() { return static_cast<RecordType>(1 + Below(4)); }

  // Values of every varint length, 1 to 10 bytes, about equally often.
  uint64_t VarintValue() { return rng_() >> Below(64); }

  // Braced initialisers evaluate left to right, so a seed always gives the same parts.
  TimelineKeyParts Timeline() { return {Iid(), Day(), Day(), Id()}; }
  TimelineKeyParts TimelineLike(const TimelineKeyParts& a) {
    return {Coin() ? a.entity_iid : Iid(), Coin() ? a.earliest_day : Day(),
            Coin() ? a.latest_day : Day(), Coin() ? a.event_id : Id()};
  }
  TimeKeyParts Time() { return {Day(), Day(), Id()}; }
  TimeKeyParts TimeLike(const TimeKeyParts& a) {
    return {Coin() ? a.earliest_day : Day(), Coin() ? a.latest_day : Day(),
            Coin() ? a.event_id : Id()};
  }
  EdgeKeyParts Edge() { return {Iid(), Day(), Day(), Id()}; }
  EdgeKeyParts EdgeLike(const EdgeKeyParts& a) {
    return {Coin() ? a.entity_iid : Iid(), Coin() ? a.earliest_day : Day(),
            Coin() ? a.latest_day : Day(), Coin() ? a.relation_id : Id()};
  }
  RecordParts Record() { return {Type(), Id()}; }
  RecordParts RecordLike(const RecordParts& a) {
    return {Coin() ? a.type : Type(), Coin() ? a.id : Id()};
  }
  // Ordinals favour 0, small values and the largest (the ordinal of a demoted version).
  uint32_t Ordinal() {
    switch (Below(3)) {
      case 0:
        return std::numeric_limits<uint32_t>::max() - static_cast<uint32_t>(Below(2));
      case 1:
        return static_cast<uint32_t>(Below(3));
      default:
        return static_cast<uint32_t>(rng_());
    }
  }
  VersionParts Version() { return {Type(), Id(), Iid(), Ordinal()}; }
  VersionParts VersionLike(const VersionParts& a) {
    return {Coin() ? a.type : Type(), Coin() ? a.id : Id(), Coin() ? a.tx : Iid(),
            Coin() ? a.ordinal : Ordinal()};
  }
  VersionedParts Versioned() { return {Iid(), Day(), Day(), Type(), Id()}; }
  VersionedParts VersionedLike(const VersionedParts& a) {
    return {Coin() ? a.entity_iid : Iid(), Coin() ? a.earliest_day : Day(),
            Coin() ? a.latest_day : Day(), Coin() ? a.type : Type(), Coin() ? a.id : Id()};
  }

 private:
  static constexpr size_t kRandomIdCount = 64;

  // Mostly 1 to 4 bytes (so ids often tie on a prefix), sometimes up to the 128-byte maximum.
  std::string FreshId() {
    const uint64_t size = Below(4) == 0 ? 1 + Below(kMaxIdSize) : 1 + Below(4);
    std::string id(1, kIdFirstBytes[Below(kIdFirstBytes.size())]);
    while (id.size() < size) id.push_back(kIdBytes[Below(kIdBytes.size())]);
    return id;
  }

  std::mt19937_64 rng_;
  std::vector<std::string> ids_;
};

// `count` random values from `generate` (a RandomKeyParts member), each also followed by one
// drawn ...Like it, so that the set holds many ties.
template <typename Value>
std::vector<Value> RandomValues(RandomKeyParts& random, Value (RandomKeyParts::*generate)(),
                                Value (RandomKeyParts::*like)(const Value&), int count) {
  std::vector<Value> values;
  values.reserve(static_cast<size_t>(count));
  while (values.size() < static_cast<size_t>(count)) {
    values.push_back((random.*generate)());
    values.push_back((random.*like)(values.back()));
  }
  return values;
}

// ---- The comparator the tests rely on ---------------------------------------------------------

TEST_CASE("the test comparator orders keys as unsigned bytes, shorter prefix first",
          "[storage][key_codec]") {
  CHECK(BytewiseLess("\x7f", "\x80"));
  CHECK(BytewiseLess(std::string_view("\x00", 1), "\xff"));
  CHECK(BytewiseLess("a", std::string_view("a\x00", 2)));
  CHECK(BytewiseLess("ab\xff", "ac"));
  CHECK(BytewiseCompare("abc", "abc") == 0);
  CHECK(BytewiseCompare(std::string("\x00\x01", 2), std::string("\x00\x02", 2)) < 0);
}

// ---- Fixed-width integers ---------------------------------------------------------------------

TEST_CASE("ordered int32 byte order equals signed integer order", "[storage][key_codec]") {
  SECTION("boundary values in ascending order") {
    CheckAscendingValuesEncodeAscending<int32_t>(
        {kOpenStartDay, kOpenStartDay + 1, kMinusYear44March15, -65'536, -257, -256, -255, -1, 0, 1,
         255, 256, 257, kYear2025February4, 65'536, kOpenEndDay - 1, kOpenEndDay},
        OrderedInt32);
  }
  SECTION("random pairs") {
    RandomKeyParts random(/*seed=*/1);
    for (int pair_idx = 0; pair_idx < kRandomPairs; ++pair_idx) {
      CheckByteOrderMatchesValueOrder(random.Day(), random.Day(), OrderedInt32);
    }
  }
}

TEST_CASE("ordered int32 is 4 bytes and decodes back to its value", "[storage][key_codec]") {
  RandomKeyParts random(/*seed=*/2);
  for (int value_idx = 0; value_idx < kRandomPairs; ++value_idx) {
    const int32_t value = random.Day();
    const std::string encoded = OrderedInt32(value) + "rest";
    REQUIRE(encoded.size() == 4 + 4);
    std::string_view input = encoded;
    int32_t decoded = 0;
    REQUIRE(DecodeOrderedInt32(&input, &decoded));
    CHECK(decoded == value);
    CHECK(input == "rest");
  }
}

TEST_CASE("ordered int32 puts the open sentinels at the byte extremes", "[storage][key_codec]") {
  CHECK(OrderedInt32(kOpenStartDay) == std::string(4, '\x00'));
  CHECK(OrderedInt32(kOpenEndDay) == std::string(4, '\xff'));
  CHECK(OrderedInt32(0) == std::string("\x80\x00\x00\x00", 4));
  CHECK(OrderedInt32(-1) == std::string("\x7f\xff\xff\xff", 4));
}

TEST_CASE("fixed64 big-endian byte order equals unsigned integer order", "[storage][key_codec]") {
  SECTION("boundary values in ascending order") {
    CheckAscendingValuesEncodeAscending<uint64_t>(
        {0, 1, 0x7F, 0x80, 0xFF, 0x100, 0xFFFF'FFFF, uint64_t{1} << 32, (uint64_t{1} << 63) - 1,
         uint64_t{1} << 63, std::numeric_limits<uint64_t>::max() - 1,
         std::numeric_limits<uint64_t>::max()},
        Fixed64);
  }
  SECTION("random pairs") {
    RandomKeyParts random(/*seed=*/3);
    for (int pair_idx = 0; pair_idx < kRandomPairs; ++pair_idx) {
      CheckByteOrderMatchesValueOrder(random.Iid(), random.Iid(), Fixed64);
    }
  }
}

TEST_CASE("fixed-width integers round-trip in big-endian byte order", "[storage][key_codec]") {
  SECTION("fixed64") {
    CHECK(Fixed64(0x0102'0304'0506'0708) == "\x01\x02\x03\x04\x05\x06\x07\x08");
    RandomKeyParts random(/*seed=*/4);
    for (int value_idx = 0; value_idx < kRandomPairs; ++value_idx) {
      const uint64_t value = random.Iid();
      const std::string encoded = Fixed64(value);
      REQUIRE(encoded.size() == 8);
      std::string_view input = encoded;
      uint64_t decoded = 0;
      REQUIRE(DecodeFixed64BE(&input, &decoded));
      CHECK(decoded == value);
      CHECK(input.empty());
    }
  }
  SECTION("fixed32") {
    for (const uint32_t value : {uint32_t{0}, uint32_t{0x0102'0304}, uint32_t{0x8000'0000},
                                 std::numeric_limits<uint32_t>::max()}) {
      std::string encoded;
      AppendFixed32BE(&encoded, value);
      REQUIRE(encoded.size() == 4);
      CHECK(static_cast<uint8_t>(encoded[0]) == value >> 24);
      std::string_view input = encoded;
      uint32_t decoded = 0;
      REQUIRE(DecodeFixed32BE(&input, &decoded));
      CHECK(decoded == value);
      CHECK(input.empty());
    }
  }
}

TEST_CASE("fixed-width decoders reject truncated input", "[storage][key_codec]") {
  const std::string bytes = "\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8";
  for (size_t length = 0; length < 8; ++length) {
    INFO("input of " << length << " bytes");
    const ExactBuffer buffer(std::string_view(bytes).substr(0, length));
    std::string_view input = buffer.view();
    uint64_t value64 = 0;
    CHECK_FALSE(DecodeFixed64BE(&input, &value64));
    if (length < 4) {
      input = buffer.view();
      uint32_t value32 = 0;
      CHECK_FALSE(DecodeFixed32BE(&input, &value32));
      input = buffer.view();
      int32_t day = 0;
      CHECK_FALSE(DecodeOrderedInt32(&input, &day));
    }
  }
}

// ---- Varint64 and length-prefixed strings -----------------------------------------------------

TEST_CASE("varint64 round-trips with LevelDB's lengths", "[storage][key_codec]") {
  SECTION("boundary values") {
    const std::vector<std::pair<uint64_t, size_t>> value_and_size = {
        {0, 1},
        {1, 1},
        {127, 1},
        {128, 2},
        {16'383, 2},
        {16'384, 3},
        {0xFFFF'FFFF, 5},
        {uint64_t{1} << 32, 5},
        {(uint64_t{1} << 63) - 1, 9},
        {uint64_t{1} << 63, 10},
        {std::numeric_limits<uint64_t>::max(), 10}};
    for (const auto& [value, size] : value_and_size) {
      INFO("value " << value);
      const std::string encoded = Varint64(value);
      CHECK(encoded.size() == size);
      const ExactBuffer buffer(encoded);
      std::string_view input = buffer.view();
      uint64_t decoded = 0;
      REQUIRE(DecodeVarint64(&input, &decoded));
      CHECK(decoded == value);
      CHECK(input.empty());
    }
    CHECK(Varint64(300) == "\xac\x02");
    CHECK(Varint64(std::numeric_limits<uint64_t>::max()) ==
          "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01");
  }
  SECTION("random values decode in sequence from one buffer") {
    RandomKeyParts random(/*seed=*/5);
    std::vector<uint64_t> values;
    std::string encoded;
    for (int value_idx = 0; value_idx < kRandomPairs; ++value_idx) {
      values.push_back(random.VarintValue());
      AppendVarint64(&encoded, values.back());
    }
    std::string_view input = encoded;
    for (const uint64_t value : values) {
      uint64_t decoded = 0;
      REQUIRE(DecodeVarint64(&input, &decoded));
      CHECK(decoded == value);
    }
    CHECK(input.empty());
  }
}

TEST_CASE("varint64 decode rejects truncated input without reading past the end",
          "[storage][key_codec]") {
  RandomKeyParts random(/*seed=*/6);
  std::vector<uint64_t> values = {0, 128, uint64_t{1} << 32, std::numeric_limits<uint64_t>::max()};
  for (int value_idx = 0; value_idx < 100; ++value_idx) values.push_back(random.VarintValue());
  for (const uint64_t value : values) {
    const std::string encoded = Varint64(value);
    for (size_t length = 0; length < encoded.size(); ++length) {
      INFO("value " << value << " truncated to " << length << " bytes");
      const ExactBuffer buffer(std::string_view(encoded).substr(0, length));
      std::string_view input = buffer.view();
      uint64_t decoded = 0;
      CHECK_FALSE(DecodeVarint64(&input, &decoded));
    }
  }
  SECTION("the continuation byte just past the view is not consulted") {
    const std::string encoded = Varint64(300);
    std::string_view input = std::string_view(encoded).substr(0, 1);
    uint64_t decoded = 0;
    CHECK_FALSE(DecodeVarint64(&input, &decoded));
  }
}

TEST_CASE("varint64 decode rejects overlong encodings", "[storage][key_codec]") {
  uint64_t decoded = 0;
  SECTION("more than ten bytes") {
    const ExactBuffer buffer(std::string(10, '\x80') + '\x01');
    std::string_view input = buffer.view();
    CHECK_FALSE(DecodeVarint64(&input, &decoded));
  }
  SECTION("ten continuation bytes and nothing after") {
    const ExactBuffer buffer(std::string(10, '\xff'));
    std::string_view input = buffer.view();
    CHECK_FALSE(DecodeVarint64(&input, &decoded));
  }
  SECTION("a tenth byte carrying bits beyond 64") {
    for (const char tenth : {'\x02', '\x7f'}) {
      const ExactBuffer buffer(std::string(9, '\xff') + tenth);
      std::string_view input = buffer.view();
      CHECK_FALSE(DecodeVarint64(&input, &decoded));
    }
  }
  SECTION("a value padded with zero groups") {
    for (const std::string_view padded :
         {std::string_view("\x80\x00", 2), std::string_view("\x81\x80\x00", 3),
          std::string_view("\xff\x00", 2)}) {
      const ExactBuffer buffer(padded);
      std::string_view input = buffer.view();
      CHECK_FALSE(DecodeVarint64(&input, &decoded));
    }
  }
}

TEST_CASE("length-prefixed strings round-trip and point into the input", "[storage][key_codec]") {
  const std::vector<std::string> values = {"",
                                           "a",
                                           std::string("\x00\xff\x00", 3),
                                           "이순신",
                                           std::string(127, 'x'),
                                           std::string(128, '\xff'),
                                           std::string(16'384, '\x00')};
  std::string encoded;
  for (const std::string& value : values) AppendLengthPrefixed(&encoded, value);
  std::string empty_encoded;
  AppendLengthPrefixed(&empty_encoded, "");
  CHECK(empty_encoded == std::string(1, '\x00'));

  std::string_view input = encoded;
  for (const std::string& value : values) {
    INFO("value of " << value.size() << " bytes");
    const char* expected_start = input.data() + Varint64(value.size()).size();
    std::string_view decoded;
    REQUIRE(DecodeLengthPrefixed(&input, &decoded));
    CHECK(decoded == value);
    CHECK(decoded.data() == expected_start);
  }
  CHECK(input.empty());
}

TEST_CASE("length-prefixed decode rejects a length beyond the input", "[storage][key_codec]") {
  std::string_view decoded;
  SECTION("every truncation of a valid encoding") {
    for (const std::string& value : {std::string("abc"), std::string(200, 'z')}) {
      std::string encoded;
      AppendLengthPrefixed(&encoded, value);
      for (size_t length = 0; length < encoded.size(); ++length) {
        INFO("value of " << value.size() << " bytes truncated to " << length);
        const ExactBuffer buffer(std::string_view(encoded).substr(0, length));
        std::string_view input = buffer.view();
        CHECK_FALSE(DecodeLengthPrefixed(&input, &decoded));
      }
    }
  }
  SECTION("a length near UINT64_MAX does not wrap around") {
    std::string encoded = Varint64(std::numeric_limits<uint64_t>::max()) + "abc";
    std::string_view input = encoded;
    CHECK_FALSE(DecodeLengthPrefixed(&input, &decoded));
  }
}

// ---- PrefixSuccessor ---------------------------------------------------------------------------

TEST_CASE("PrefixSuccessor increments the last byte that is not 0xFF", "[storage][key_codec]") {
  CHECK(PrefixSuccessor("ab") == "ac");
  CHECK(PrefixSuccessor("a\xff") == "b");
  CHECK(PrefixSuccessor("a\xfe") == "a\xff");
  CHECK(PrefixSuccessor(std::string(1, '\x00')) == "\x01");
  CHECK(PrefixSuccessor("\xff\xff").empty());
  CHECK(PrefixSuccessor("").empty());
}

TEST_CASE("PrefixSuccessor bounds exactly the strings that start with the prefix",
          "[storage][key_codec]") {
  // Every string up to 3 bytes over an alphabet with both extremes, as candidate prefixes
  // (up to 2 bytes) and as keys.
  const std::string alphabet("\x00\x01\xfe\xff", 4);
  std::vector<std::string> strings = {""};
  for (size_t begin = 0, length = 1; length <= 3; ++length) {
    const size_t end = strings.size();
    for (size_t string_idx = begin; string_idx < end; ++string_idx) {
      for (const char byte : alphabet) strings.push_back(strings[string_idx] + byte);
    }
    begin = end;
  }
  for (const std::string& prefix : strings) {
    if (prefix.size() > 2) continue;
    for (const std::string& key : strings) {
      INFO("prefix of " << prefix.size() << " bytes");
      CHECK(InPrefixRange(key, prefix) == StartsWith(key, prefix));
    }
  }
}

// ---- Meta keys ---------------------------------------------------------------------------------

TEST_CASE("meta keys are the meta tag followed by the name", "[storage][key_codec]") {
  CHECK(MetaKey("format_version") == std::string(1, '\x01') + "format_version");
  CHECK(BytewiseLess(MetaKey("a"), MetaKey("b")));
}

// ---- Record keys -------------------------------------------------------------------------------

TEST_CASE("record key byte order equals (type, id bytes) order", "[storage][key_codec]") {
  SECTION("the tie ids of every type in ascending order") {
    std::vector<RecordParts> ascending;
    std::vector<std::string_view> ids(kTieIds.begin(), kTieIds.end());
    std::sort(ids.begin(), ids.end(), BytewiseLess);
    for (const RecordType type :
         {RecordType::kEntity, RecordType::kEvent, RecordType::kRelation, RecordType::kSource}) {
      for (const std::string_view id : ids) ascending.push_back({type, id});
    }
    CheckAscendingValuesEncodeAscending(ascending, RecordKeyOf);
  }
  SECTION("random pairs") {
    RandomKeyParts random(/*seed=*/8);
    for (int pair_idx = 0; pair_idx < kRandomPairs; ++pair_idx) {
      const RecordParts a = random.Record();
      CheckByteOrderMatchesValueOrder(a, random.RecordLike(a), RecordKeyOf);
    }
  }
  SECTION("random sets sort alike") {
    RandomKeyParts random(/*seed=*/23);
    CheckSortedValuesGiveSortedKeys(
        RandomValues(random, &RandomKeyParts::Record, &RandomKeyParts::RecordLike, kRandomKeys),
        RecordKeyOf);
  }
}

TEST_CASE("record keys are the type byte then the id, and decode back to their parts",
          "[storage][key_codec]") {
  CHECK(RecordKey(RecordType::kEvent, "2025-02-04-x") == std::string(1, '\x02') + "2025-02-04-x");
  CHECK(RecordKey(RecordType::kSource, "a") == std::string(1, '\x04') + "a");
  RandomKeyParts random(/*seed=*/9);
  for (int key_idx = 0; key_idx < kRandomPairs; ++key_idx) {
    const RecordParts parts = random.Record();
    const std::string key = RecordKeyOf(parts);
    REQUIRE(key.size() == 1 + parts.id.size());
    RecordParts decoded{};
    REQUIRE(DecodeRecordParts(key, &decoded));
    CHECK(AsTuple(decoded) == AsTuple(parts));
    CHECK(decoded.id.data() == key.data() + 1);
  }
  SECTION("ids are opaque bytes") {
    for (const std::string_view id : {std::string_view("\x00", 1), std::string_view("\xff"),
                                      std::string_view("한국"), std::string_view("a\0b", 3)}) {
      const std::string key = RecordKey(RecordType::kEntity, id);
      RecordParts decoded{};
      REQUIRE(DecodeRecordParts(key, &decoded));
      CHECK(decoded.type == RecordType::kEntity);
      CHECK(decoded.id == id);
    }
  }
}

TEST_CASE("records of one type lie under its type prefix and no other type's do",
          "[storage][key_codec]") {
  RandomKeyParts random(/*seed=*/10);
  for (int key_idx = 0; key_idx < kRandomPairs; ++key_idx) {
    const RecordParts parts = random.Record();
    const std::string prefix = RecordTypePrefix(parts.type);
    REQUIRE(prefix.size() == 1);
    const std::string key = RecordKeyOf(parts);
    CHECK(StartsWith(key, prefix));
    CHECK(InPrefixRange(key, prefix));
    const RecordParts other = random.RecordLike(parts);
    INFO("type " << static_cast<int>(parts.type) << ", other " << Describe(other));
    CHECK(InPrefixRange(RecordKeyOf(other), prefix) == (other.type == parts.type));
  }
}

TEST_CASE("record key decode rejects unknown types and keys without an id",
          "[storage][key_codec]") {
  RecordParts parts{};
  SECTION("unknown record types") {
    for (const char tag : {'\x00', '\x05', '\x7f', '\x80', '\xff'}) {
      INFO("tag " << static_cast<int>(static_cast<uint8_t>(tag)));
      std::string bad = RecordKey(RecordType::kSource, "a-1");
      bad[0] = tag;
      CHECK_FALSE(DecodeRecordParts(bad, &parts));
      CHECK_FALSE(DecodeRecordParts(std::string(1, tag), &parts));
    }
  }
  SECTION("keys no longer than the type byte") {
    CheckDecodeNeedsFixedPartAndId(RecordKey(RecordType::kRelation, "2025-02-04-x"), 1,
                                   DecodeRecordParts,
                                   [](const RecordParts& decoded) { return decoded.id; });
  }
}

// ---- Name keys ---------------------------------------------------------------------------------

TEST_CASE("name keys of one name lie under its prefix and no other name's keys do",
          "[storage][key_codec]") {
  const std::vector<uint64_t> iids = {0, 1, 0xFF, uint64_t{1} << 63,
                                      std::numeric_limits<uint64_t>::max()};
  for (const uint64_t iid : iids) {
    INFO("iid " << iid);
    CHECK(StartsWith(NameKey("ab", iid), NamePrefix("ab")));
    CHECK(InPrefixRange(NameKey("ab", iid), NamePrefix("ab")));
    for (const std::string_view other : {"abc", "a", "ab ", "aa", "b"}) {
      INFO("other name '" << other << "'");
      CHECK_FALSE(InPrefixRange(NameKey(other, iid), NamePrefix("ab")));
    }
  }
  SECTION("multi-byte UTF-8 names") {
    for (const uint64_t iid : iids) {
      CHECK(InPrefixRange(NameKey("한국", iid), NamePrefix("한국")));
      CHECK_FALSE(InPrefixRange(NameKey("한국", iid), NamePrefix("한")));
      CHECK_FALSE(InPrefixRange(NameKey("한국어", iid), NamePrefix("한국")));
      CHECK_FALSE(InPrefixRange(NameKey("한", iid), NamePrefix("한국")));
    }
  }
}

TEST_CASE("name key byte order equals (name bytes, iid) order", "[storage][key_codec]") {
  // Hangul syllables share leading UTF-8 bytes ("가" EA B0 80, "각" EA B0 81), so names differ
  // late within a character as well as at character boundaries.
  const std::array<std::string_view, 6> pieces = {"a", "b", "z", "가", "각", "힣"};
  RandomKeyParts random(/*seed=*/11);
  auto random_name = [&] {
    std::string name;
    const uint64_t piece_count = 1 + random.Below(3);
    for (uint64_t piece_idx = 0; piece_idx < piece_count; ++piece_idx) {
      name += pieces[random.Below(pieces.size())];
    }
    return name;
  };
  for (int pair_idx = 0; pair_idx < kRandomPairs; ++pair_idx) {
    const std::string name_a = random_name();
    const std::string name_b = random_name();
    const uint64_t iid_a = random.Iid();
    const uint64_t iid_b = random.Iid();
    int expected = BytewiseCompare(name_a, name_b);
    if (expected == 0) expected = Sign(iid_a <=> iid_b);
    INFO("a = (" << name_a << ", " << iid_a << "), b = (" << name_b << ", " << iid_b << ")");
    CHECK(BytewiseCompare(NameKey(name_a, iid_a), NameKey(name_b, iid_b)) == expected);
  }
}

TEST_CASE("name keys decode back to their name and iid", "[storage][key_codec]") {
  RandomKeyParts random(/*seed=*/12);
  for (const std::string_view name : {"a", "ab", "son masayoshi", "이순신", "한국 銀行", ""}) {
    const uint64_t iid = random.Iid();
    const std::string key = NameKey(name, iid);
    REQUIRE(key.size() == name.size() + 1 + 8);
    std::string_view decoded_name;
    uint64_t decoded_iid = 0;
    REQUIRE(DecodeNameKey(key, &decoded_name, &decoded_iid));
    CHECK(decoded_name == name);
    CHECK(decoded_iid == iid);
  }
}

TEST_CASE("name key decode rejects keys without a name, separator and 8-byte iid",
          "[storage][key_codec]") {
  std::string_view name;
  uint64_t iid = 0;
  const std::string valid = NameKey("ab", 0);  // the iid bytes are all 0x00, like separators
  SECTION("wrong lengths") {
    for (size_t length = 0; length < valid.size(); ++length) {
      INFO("truncated to " << length << " bytes");
      CHECK_FALSE(DecodeNameKey(valid.substr(0, length), &name, &iid));
    }
    CHECK_FALSE(DecodeNameKey(valid + '\x00', &name, &iid));
    CHECK_FALSE(DecodeNameKey(valid + '\x01', &name, &iid));
  }
  SECTION("no 0x00 before the iid") { CHECK_FALSE(DecodeNameKey("abc" + Fixed64(1), &name, &iid)); }
  SECTION("a 0x00 inside the name") {
    CHECK_FALSE(DecodeNameKey(std::string("a\0b\0", 4) + Fixed64(1), &name, &iid));
  }
}

TEST_CASE("entity card keys are 0x00 then the entity id", "[storage][key_codec]") {
  CHECK(EntityCardKey("a") == std::string("\0a", 2));
  CHECK(EntityCardKey("son-masayoshi") == std::string("\0", 1) + "son-masayoshi");
}

// ---- Timeline keys -----------------------------------------------------------------------------

TEST_CASE("timeline key byte order equals (entity, earliest, latest, event id) order",
          "[storage][key_codec]") {
  SECTION("days tied, ids of different lengths, in ascending order") {
    // Every id is compared with every id at equal and at different days and entities, so an
    // id's length can never outweigh a day or an entity.
    std::vector<std::string_view> ids(kTieIds.begin(), kTieIds.end());
    std::sort(ids.begin(), ids.end(), BytewiseLess);
    std::vector<TimelineKeyParts> ascending;
    for (const uint64_t entity : {uint64_t{0}, uint64_t{1}, kMaxIid}) {
      for (const int32_t earliest : {kOpenStartDay, -1, kYear2025February4, kOpenEndDay}) {
        for (const int32_t latest : {kOpenStartDay, 0, kOpenEndDay}) {
          for (const std::string_view id : ids) ascending.push_back({entity, earliest, latest, id});
        }
      }
    }
    CheckAscendingValuesEncodeAscending(ascending, TimelineKey);
  }
  SECTION("random pairs") {
    RandomKeyParts random(/*seed=*/13);
    for (int pair_idx = 0; pair_idx < kRandomPairs; ++pair_idx) {
      const TimelineKeyParts a = random.Timeline();
      CheckByteOrderMatchesValueOrder(a, random.TimelineLike(a), TimelineKey);
    }
  }
  SECTION("random sets sort alike") {
    RandomKeyParts random(/*seed=*/24);
    CheckSortedValuesGiveSortedKeys(
        RandomValues(random, &RandomKeyParts::Timeline, &RandomKeyParts::TimelineLike, kRandomKeys),
        TimelineKey);
  }
}

TEST_CASE("timeline keys are the fixed parts then the event id, and decode back",
          "[storage][key_codec]") {
  CHECK(TimelineKey({0x0102'0304'0506'0708, 0, -1, "ev"}) ==
        "\x01\x02\x03\x04\x05\x06\x07\x08"
        "\x80\x00\x00\x00"
        "\x7f\xff\xff\xff"
        "ev"sv);
  RandomKeyParts random(/*seed=*/14);
  for (int key_idx = 0; key_idx < kRandomPairs; ++key_idx) {
    const TimelineKeyParts parts = random.Timeline();
    const std::string key = TimelineKey(parts);
    REQUIRE(key.size() == kTimelineFixedSize + parts.event_id.size());
    CHECK(key.substr(0, kTimelineFixedSize) == TimelinePrefix(parts.entity_iid) +
                                                   OrderedInt32(parts.earliest_day) +
                                                   OrderedInt32(parts.latest_day));
    TimelineKeyParts decoded{};
    REQUIRE(DecodeTimelineKey(key, &decoded));
    CHECK(AsTuple(decoded) == AsTuple(parts));
    CHECK(decoded.event_id.data() == key.data() + kTimelineFixedSize);
  }
  SECTION("keys without a whole fixed part or without an id are rejected") {
    CheckDecodeNeedsFixedPartAndId(TimelineKey({7, kMinusYear44March15, kOpenEndDay, "a-1"}),
                                   kTimelineFixedSize, DecodeTimelineKey,
                                   [](const TimelineKeyParts& parts) { return parts.event_id; });
  }
}

TEST_CASE("timeline keys of one entity lie under its prefix and no other entity's do",
          "[storage][key_codec]") {
  RandomKeyParts random(/*seed=*/15);
  for (int key_idx = 0; key_idx < kRandomPairs; ++key_idx) {
    const TimelineKeyParts parts = random.Timeline();
    const std::string prefix = TimelinePrefix(parts.entity_iid);
    REQUIRE(prefix.size() == kTimelinePrefixSize);
    const std::string key = TimelineKey(parts);
    CHECK(StartsWith(key, prefix));
    CHECK(InPrefixRange(key, prefix));
    const TimelineKeyParts other = random.TimelineLike(parts);
    INFO("key " << Describe(parts) << ", other " << Describe(other));
    CHECK(InPrefixRange(TimelineKey(other), prefix) == (other.entity_iid == parts.entity_iid));
  }
}

TEST_CASE("timeline seek key sorts after the keys before (entity, day) and before the rest",
          "[storage][key_codec]") {
  SECTION("random keys and seek keys") {
    RandomKeyParts random(/*seed=*/16);
    for (int pair_idx = 0; pair_idx < kRandomPairs; ++pair_idx) {
      const TimelineKeyParts parts = random.Timeline();
      const uint64_t seek_entity = random.Coin() ? parts.entity_iid : random.Iid();
      const int32_t seek_day = random.Coin() ? parts.earliest_day : random.Day();
      INFO("key " << Describe(parts) << ", seek (" << seek_entity << ", " << seek_day << ")");
      const std::string seek = TimelineSeekKey(seek_entity, seek_day);
      CHECK(InPrefixRange(seek, TimelinePrefix(seek_entity)));
      const std::string key = TimelineKey(parts);
      CHECK(key != seek);
      const bool key_before_seek =
          std::tuple(parts.entity_iid, parts.earliest_day) < std::tuple(seek_entity, seek_day);
      CHECK(BytewiseLess(key, seek) == key_before_seek);
    }
  }
  SECTION("the nearest keys on either side") {
    // The smallest key at the seek day has the smallest latest day and the smallest one-byte
    // id; the largest key just before it has the largest latest day and a maximal id. Neither
    // id is a valid record id, which only widens the claim.
    const std::string smallest_id(1, '\x00');
    const std::string largest_id(kMaxIdSize, '\xff');
    for (const uint64_t entity : kBoundaryIids) {
      for (const int32_t day : kBoundaryDays) {
        INFO("entity " << entity << ", day " << day);
        const std::string seek = TimelineSeekKey(entity, day);
        CHECK(BytewiseLess(seek, TimelineKey({entity, day, kOpenStartDay, smallest_id})));
        CHECK(BytewiseLess(seek, TimelineKey({entity, day, kOpenStartDay, "0"})));
        if (day != kOpenStartDay) {
          CHECK(BytewiseLess(TimelineKey({entity, day - 1, kOpenEndDay, largest_id}), seek));
        } else {
          CHECK_FALSE(BytewiseLess(seek, TimelinePrefix(entity)));
        }
        if (entity != kMaxIid) {
          CHECK(BytewiseLess(seek, TimelineKey({entity + 1, kOpenStartDay, kOpenStartDay, "0"})));
        }
        if (entity != 0) {
          CHECK(
              BytewiseLess(TimelineKey({entity - 1, kOpenEndDay, kOpenEndDay, largest_id}), seek));
        }
      }
    }
  }
}

// ---- Time keys ---------------------------------------------------------------------------------

TEST_CASE("time key byte order equals (earliest, latest, event id) order", "[storage][key_codec]") {
  SECTION("days tied, ids of different lengths, in ascending order") {
    std::vector<std::string_view> ids(kTieIds.begin(), kTieIds.end());
    std::sort(ids.begin(), ids.end(), BytewiseLess);
    std::vector<TimeKeyParts> ascending;
    for (const int32_t earliest : {kOpenStartDay, -1, 0, kYear2025February4, kOpenEndDay}) {
      for (const int32_t latest : {kOpenStartDay, kMinusYear44March15, 0, kOpenEndDay}) {
        for (const std::string_view id : ids) ascending.push_back({earliest, latest, id});
      }
    }
    CheckAscendingValuesEncodeAscending(ascending, TimeKey);
  }
  SECTION("random pairs") {
    RandomKeyParts random(/*seed=*/17);
    for (int pair_idx = 0; pair_idx < kRandomPairs; ++pair_idx) {
      const TimeKeyParts a = random.Time();
      CheckByteOrderMatchesValueOrder(a, random.TimeLike(a), TimeKey);
    }
  }
  SECTION("random sets sort alike") {
    RandomKeyParts random(/*seed=*/25);
    CheckSortedValuesGiveSortedKeys(
        RandomValues(random, &RandomKeyParts::Time, &RandomKeyParts::TimeLike, kRandomKeys),
        TimeKey);
  }
}

TEST_CASE("time keys are the days then the event id, and decode back", "[storage][key_codec]") {
  CHECK(TimeKey({-1, 0, "a"}) ==
        "\x7f\xff\xff\xff"
        "\x80\x00\x00\x00"
        "a"sv);
  RandomKeyParts random(/*seed=*/18);
  for (int key_idx = 0; key_idx < kRandomPairs; ++key_idx) {
    const TimeKeyParts parts = random.Time();
    const std::string key = TimeKey(parts);
    REQUIRE(key.size() == kTimeFixedSize + parts.event_id.size());
    // A time key is the entity's timeline key without the entity.
    CHECK(key == TimelineKey({0, parts.earliest_day, parts.latest_day, parts.event_id})
                     .substr(kTimelinePrefixSize));
    TimeKeyParts decoded{};
    REQUIRE(DecodeTimeKey(key, &decoded));
    CHECK(AsTuple(decoded) == AsTuple(parts));
    CHECK(decoded.event_id.data() == key.data() + kTimeFixedSize);
  }
  SECTION("keys without both days or without an id are rejected") {
    CheckDecodeNeedsFixedPartAndId(TimeKey({kOpenStartDay, kMinusYear44March15, "2025-02-04-x"}),
                                   kTimeFixedSize, DecodeTimeKey,
                                   [](const TimeKeyParts& parts) { return parts.event_id; });
  }
}

TEST_CASE("time seek key sorts after the keys before the day and before the rest",
          "[storage][key_codec]") {
  SECTION("random keys and seek keys") {
    RandomKeyParts random(/*seed=*/19);
    for (int pair_idx = 0; pair_idx < kRandomPairs; ++pair_idx) {
      const TimeKeyParts parts = random.Time();
      const int32_t seek_day = random.Coin() ? parts.earliest_day : random.Day();
      INFO("key " << Describe(parts) << ", seek day " << seek_day);
      const std::string seek = TimeSeekKey(seek_day);
      const std::string key = TimeKey(parts);
      CHECK(key != seek);
      CHECK(BytewiseLess(key, seek) == (parts.earliest_day < seek_day));
    }
  }
  SECTION("the nearest keys on either side") {
    const std::string smallest_id(1, '\x00');
    const std::string largest_id(kMaxIdSize, '\xff');
    for (const int32_t day : kBoundaryDays) {
      INFO("day " << day);
      const std::string seek = TimeSeekKey(day);
      CHECK(BytewiseLess(seek, TimeKey({day, kOpenStartDay, smallest_id})));
      CHECK(BytewiseLess(seek, TimeKey({day, kOpenStartDay, "0"})));
      if (day != kOpenStartDay) {
        CHECK(BytewiseLess(TimeKey({day - 1, kOpenEndDay, largest_id}), seek));
      }
    }
  }
}

// ---- Edge keys ---------------------------------------------------------------------------------

TEST_CASE("edge key byte order equals (entity, earliest, latest, relation id) order",
          "[storage][key_codec]") {
  SECTION("days tied, ids of different lengths, in ascending order") {
    std::vector<std::string_view> ids(kTieIds.begin(), kTieIds.end());
    std::sort(ids.begin(), ids.end(), BytewiseLess);
    std::vector<EdgeKeyParts> ascending;
    for (const uint64_t entity : {uint64_t{0}, kBit63, kMaxIid}) {
      for (const int32_t earliest : {kOpenStartDay, 0, kOpenEndDay}) {
        for (const int32_t latest : {kOpenStartDay, -1, kYear2025February4, kOpenEndDay}) {
          for (const std::string_view id : ids) ascending.push_back({entity, earliest, latest, id});
        }
      }
    }
    CheckAscendingValuesEncodeAscending(ascending, EdgeKey);
  }
  SECTION("random pairs") {
    RandomKeyParts random(/*seed=*/20);
    for (int pair_idx = 0; pair_idx < kRandomPairs; ++pair_idx) {
      const EdgeKeyParts a = random.Edge();
      CheckByteOrderMatchesValueOrder(a, random.EdgeLike(a), EdgeKey);
    }
  }
  SECTION("random sets sort alike") {
    RandomKeyParts random(/*seed=*/26);
    CheckSortedValuesGiveSortedKeys(
        RandomValues(random, &RandomKeyParts::Edge, &RandomKeyParts::EdgeLike, kRandomKeys),
        EdgeKey);
  }
}

TEST_CASE("edge keys have the timeline key layout and decode back", "[storage][key_codec]") {
  RandomKeyParts random(/*seed=*/21);
  for (int key_idx = 0; key_idx < kRandomPairs; ++key_idx) {
    const EdgeKeyParts parts = random.Edge();
    const std::string key = EdgeKey(parts);
    REQUIRE(key.size() == kEdgeFixedSize + parts.relation_id.size());
    CHECK(key ==
          TimelineKey({parts.entity_iid, parts.earliest_day, parts.latest_day, parts.relation_id}));
    EdgeKeyParts decoded{};
    REQUIRE(DecodeEdgeKey(key, &decoded));
    CHECK(AsTuple(decoded) == AsTuple(parts));
    CHECK(decoded.relation_id.data() == key.data() + kEdgeFixedSize);
  }
  SECTION("keys without a whole fixed part or without an id are rejected") {
    CheckDecodeNeedsFixedPartAndId(EdgeKey({3, kOpenStartDay, kOpenEndDay, "ab"}), kEdgeFixedSize,
                                   DecodeEdgeKey,
                                   [](const EdgeKeyParts& parts) { return parts.relation_id; });
  }
}

TEST_CASE("edge keys of one entity lie under its prefix and no other entity's do",
          "[storage][key_codec]") {
  RandomKeyParts random(/*seed=*/22);
  for (int key_idx = 0; key_idx < kRandomPairs; ++key_idx) {
    const EdgeKeyParts parts = random.Edge();
    const std::string prefix = EdgePrefix(parts.entity_iid);
    REQUIRE(prefix.size() == kTimelinePrefixSize);
    const std::string key = EdgeKey(parts);
    CHECK(StartsWith(key, prefix));
    CHECK(InPrefixRange(key, prefix));
    const EdgeKeyParts other = random.EdgeLike(parts);
    INFO("key " << Describe(parts) << ", other " << Describe(other));
    CHECK(InPrefixRange(EdgeKey(other), prefix) == (other.entity_iid == parts.entity_iid));
  }
}

// ---- Version keys ------------------------------------------------------------------------------

TEST_CASE("version keys are the record key, 0x00, the import and the ordinal, and decode back",
          "[storage][versions][key_codec]") {
  CHECK(VersionPrefix(RecordType::kEvent, "ev") == "\x02"
                                                   "ev\x00"sv);
  CHECK(VersionKey(RecordType::kEvent, "ev", 0x0102'0304'0506'0708, 0xA0B0'C0D0) ==
        "\x02"
        "ev\x00"
        "\x01\x02\x03\x04\x05\x06\x07\x08"
        "\xA0\xB0\xC0\xD0"sv);
  CHECK(VersionKey(RecordType::kSource, "a", 1, 0xFFFF'FFFF) ==
        "\x04"
        "a\x00"
        "\x00\x00\x00\x00\x00\x00\x00\x01"
        "\xFF\xFF\xFF\xFF"sv);
  RandomKeyParts random(/*seed=*/31);
  for (int key_idx = 0; key_idx < kRandomPairs; ++key_idx) {
    const VersionParts parts = random.Version();
    const std::string key = VersionKeyOf(parts);
    INFO(Describe(parts));
    REQUIRE(key.size() == 1 + parts.id.size() + 1 + 8 + 4);
    const std::string prefix = VersionPrefix(parts.type, parts.id);
    CHECK(prefix == RecordKey(parts.type, parts.id) + std::string(1, '\0'));
    CHECK(StartsWith(key, prefix));
    CHECK(key.substr(prefix.size(), 8) == Fixed64(parts.tx));
    RecordType type{};
    std::string_view id;
    REQUIRE(DecodeVersionKey(key, &type, &id));
    CHECK(type == parts.type);
    CHECK(id == parts.id);
    CHECK(id.data() == key.data() + 1);
  }
}

TEST_CASE("version key byte order equals (type, id, import, ordinal) order",
          "[storage][versions][key_codec]") {
  SECTION("the tie ids, each with several versions, in ascending order") {
    std::vector<std::string_view> ids(kTieIds.begin(), kTieIds.end());
    std::sort(ids.begin(), ids.end(), BytewiseLess);
    std::vector<VersionParts> ascending;
    for (const RecordType type : {RecordType::kEntity, RecordType::kEvent}) {
      for (const std::string_view id : ids) {
        for (const uint64_t tx : {uint64_t{1}, uint64_t{2}, uint64_t{0x100}, kMaxIid}) {
          for (const uint32_t ordinal : {uint32_t{0}, uint32_t{1}, uint32_t{0xFFFF'FFFF}}) {
            ascending.push_back({type, id, tx, ordinal});
          }
        }
      }
    }
    CheckAscendingValuesEncodeAscending(ascending, VersionKeyOf);
  }
  SECTION("random pairs") {
    RandomKeyParts random(/*seed=*/32);
    for (int pair_idx = 0; pair_idx < kRandomPairs; ++pair_idx) {
      const VersionParts a = random.Version();
      CheckByteOrderMatchesValueOrder(a, random.VersionLike(a), VersionKeyOf);
    }
  }
  SECTION("random sets sort alike") {
    RandomKeyParts random(/*seed=*/33);
    CheckSortedValuesGiveSortedKeys(
        RandomValues(random, &RandomKeyParts::Version, &RandomKeyParts::VersionLike, kRandomKeys),
        VersionKeyOf);
  }
}

TEST_CASE("the versions of one id lie under its prefix, contiguous, and no other id's do",
          "[storage][versions][key_codec]") {
  SECTION("an id that is a proper prefix of another") {
    // "a" is a prefix of "ab" and "a-1" as text, but not as a version prefix: the 0x00 after the
    // id sorts below every id byte, so all of "a"'s versions come before any of "a-1"'s.
    const std::string prefix = VersionPrefix(RecordType::kEvent, "a");
    for (const uint64_t tx : {uint64_t{0}, uint64_t{1}, kMaxIid}) {
      for (const uint32_t ordinal : {uint32_t{0}, uint32_t{0xFFFF'FFFF}}) {
        INFO("tx " << tx << ", ordinal " << ordinal);
        CHECK(InPrefixRange(VersionKey(RecordType::kEvent, "a", tx, ordinal), prefix));
        for (const std::string_view other : {"ab", "a-1", "a.b", "b", "0"}) {
          INFO("other " << other);
          const std::string other_key = VersionKey(RecordType::kEvent, other, tx, ordinal);
          CHECK_FALSE(InPrefixRange(other_key, prefix));
          CHECK_FALSE(InPrefixRange(VersionKey(RecordType::kEvent, "a", tx, ordinal),
                                    VersionPrefix(RecordType::kEvent, other)));
        }
        CHECK_FALSE(InPrefixRange(VersionKey(RecordType::kRelation, "a", tx, ordinal), prefix));
        // Nor does the record key of the id itself fall under it.
        CHECK_FALSE(InPrefixRange(RecordKey(RecordType::kEvent, "a"), prefix));
      }
    }
    CHECK(BytewiseLess(VersionKey(RecordType::kEvent, "a", kMaxIid, 0xFFFF'FFFF),
                       VersionKey(RecordType::kEvent, "a-1", 0, 0)));
    CHECK(BytewiseLess(VersionKey(RecordType::kEvent, "a-1", kMaxIid, 0xFFFF'FFFF),
                       VersionKey(RecordType::kEvent, "ab", 0, 0)));
  }
  SECTION("random keys sorted bytewise keep each id's versions together") {
    RandomKeyParts random(/*seed=*/34);
    std::vector<VersionParts> values =
        RandomValues(random, &RandomKeyParts::Version, &RandomKeyParts::VersionLike, kRandomKeys);
    std::vector<std::string> keys;
    for (const VersionParts& parts : values) keys.push_back(VersionKeyOf(parts));
    std::sort(keys.begin(), keys.end(), BytewiseLess);
    // Once an id's run of keys ends, that (type, id) never appears again.
    std::vector<std::pair<RecordType, std::string>> runs;
    for (const std::string& key : keys) {
      RecordType type{};
      std::string_view id;
      REQUIRE(DecodeVersionKey(key, &type, &id));
      if (runs.empty() || runs.back() != std::make_pair(type, std::string(id))) {
        runs.emplace_back(type, std::string(id));
      }
      CHECK(InPrefixRange(key, VersionPrefix(type, id)));
    }
    std::vector<std::pair<RecordType, std::string>> distinct = runs;
    std::sort(distinct.begin(), distinct.end());
    CHECK(std::adjacent_find(distinct.begin(), distinct.end()) == distinct.end());
  }
}

TEST_CASE("version key decode rejects truncated, extended and malformed keys",
          "[storage][versions][key_codec]") {
  RecordType type{};
  std::string_view id;
  SECTION("every truncation, and every extension by one byte") {
    for (const std::string_view key_id : {"a", "2025-02-04-seocho-meeting"}) {
      const std::string key = VersionKey(RecordType::kRelation, key_id, 0x0100, 7);
      for (size_t length = 0; length < key.size(); ++length) {
        INFO(key_id << " truncated to " << length << " bytes");
        const ExactBuffer buffer(std::string_view(key).substr(0, length));
        CHECK_FALSE(DecodeVersionKey(buffer.view(), &type, &id));
      }
      for (const char extra : {'\x00', 'a', '\xff'}) {
        CHECK_FALSE(DecodeVersionKey(key + extra, &type, &id));
      }
      const ExactBuffer whole(key);
      REQUIRE(DecodeVersionKey(whole.view(), &type, &id));
      CHECK(id == key_id);
    }
  }
  SECTION("no id, no terminator, or an unknown type") {
    CHECK_FALSE(DecodeVersionKey(std::string("\x02\x00", 2) + Fixed64(1) + "\0\0\0\0"s,
                                 &type, &id));
    // A record key is not a version key, even when its id is 13 bytes long.
    CHECK_FALSE(DecodeVersionKey(RecordKey(RecordType::kEvent, "abcdefghijklm"), &type, &id));
    for (const char tag : {'\x00', '\x05', '\xff'}) {
      std::string bad = VersionKey(RecordType::kEvent, "a", 1, 0);
      bad[0] = tag;
      CHECK_FALSE(DecodeVersionKey(bad, &type, &id));
    }
  }
}

// ---- Versioned keys ----------------------------------------------------------------------------

TEST_CASE("versioned keys are the entity, the days, the record type and the id, and decode back",
          "[storage][versions][key_codec]") {
  CHECK(VersionedKey({0x0102'0304'0506'0708, 0, -1, RecordType::kRelation, "r-1"}) ==
        "\x01\x02\x03\x04\x05\x06\x07\x08"
        "\x80\x00\x00\x00"
        "\x7f\xff\xff\xff"
        "\x03"
        "r-1"sv);
  CHECK(VersionedSeekKey(9, kOpenStartDay) == VersionedPrefix(9) + "\x00\x00\x00\x00"s);
  CHECK(StartsWith(VersionedKey({9, 5, 6, RecordType::kEvent, "e"}), VersionedSeekKey(9, 5)));
  static_assert(kAllEventsIid == 0);
  // The versioned family shares the timeline's 8-byte prefix extractor.
  CHECK(VersionedPrefix(9).size() == kTimelinePrefixSize);
  CHECK(VersionedPrefix(9) == TimelinePrefix(9));
  RandomKeyParts random(/*seed=*/35);
  for (int key_idx = 0; key_idx < kRandomPairs; ++key_idx) {
    const VersionedParts parts = random.Versioned();
    const std::string key = VersionedKeyOf(parts);
    INFO(Describe(parts));
    REQUIRE(key.size() == 8 + 4 + 4 + 1 + parts.id.size());
    VersionedParts decoded{};
    REQUIRE(DecodeVersionedParts(key, &decoded));
    CHECK(AsTuple(decoded) == AsTuple(parts));
    CHECK(decoded.id.data() == key.data() + 17);
    const std::string prefix = VersionedPrefix(parts.entity_iid);
    CHECK(StartsWith(key, prefix));
    const VersionedParts other = random.VersionedLike(parts);
    CHECK(InPrefixRange(VersionedKeyOf(other), prefix) == (other.entity_iid == parts.entity_iid));
  }
  SECTION("keys without the entity, the days, the type or an id are rejected") {
    CheckDecodeNeedsFixedPartAndId(VersionedKey({7, kMinusYear44March15, kOpenEndDay,
                                                 RecordType::kEvent, "ab"}),
                                   17,
                                   DecodeVersionedParts,
                                   [](const VersionedParts& parts) { return parts.id; });
    VersionedParts decoded{};
    for (const char tag : {'\x00', '\x05', '\xff'}) {
      std::string bad = VersionedKey({7, 1, 2, RecordType::kEvent, "ab"});
      bad[16] = tag;
      CHECK_FALSE(DecodeVersionedParts(bad, &decoded));
    }
  }
}

TEST_CASE("versioned key byte order equals (entity, earliest, latest, type, id) order",
          "[storage][versions][key_codec]") {
  SECTION("the tie ids under boundary entities, in ascending order") {
    std::vector<std::string_view> ids(kTieIds.begin(), kTieIds.end());
    std::sort(ids.begin(), ids.end(), BytewiseLess);
    std::vector<VersionedParts> ascending;
    for (const uint64_t iid : kBoundaryIids) {
      for (const RecordType type : {RecordType::kEvent, RecordType::kRelation}) {
        for (const std::string_view id : ids) {
          ascending.push_back({iid, kYear2025February4, kYear2025February4, type, id});
        }
      }
    }
    CheckAscendingValuesEncodeAscending(ascending, VersionedKeyOf);
  }
  SECTION("random sets sort alike") {
    RandomKeyParts random(/*seed=*/36);
    CheckSortedValuesGiveSortedKeys(RandomValues(random, &RandomKeyParts::Versioned,
                                                 &RandomKeyParts::VersionedLike, kRandomKeys),
                                    VersionedKeyOf);
  }
}

}  // namespace
}  // namespace chronicle::storage
