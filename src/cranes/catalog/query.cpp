// SPDX-License-Identifier: MIT
// The search language in three steps: a lexer (words, quoted strings, ':', comparison operators, '..' and
// parentheses, each with its 1-based column), a recursive-descent parser to a small tree, and the tree's
// translation to SQL in which every value the user typed is a bound parameter. The grammar:
//   query   := or
//   or      := and ("or" and)*
//   and     := unary (["and"] unary)*               juxtaposition is and
//   unary   := ("not" | "without") unary | primary
//   primary := "(" or ")" | FIELD (":" | OP) VALUE | ("after" | "before" | "followed by") unary
//            | PHRASE | FILLER
// A phrase is the longest entry of kPhrases that matches the words at that place, case-insensitively.
// Every term compiles to a condition on one shot row that the catalog's indexes answer: movements and the
// neighbouring shot as one index probe per shot, film facts as `film_id IN (films that match)`, numbers as
// comparisons on indexed columns (docs/search.md, "How a query becomes SQL").
#include "cranes/catalog/query.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <functional>
#include <optional>

#include "cranes/core/error.hpp"
#include "cranes/core/format.hpp"
#include "cranes/film/labels.hpp"

namespace cranes::catalog {

namespace {

using film::CameraAngle;
using film::MovementKind;
using film::MovementLabel;
using film::ShotScale;
using film::TransitionType;

[[noreturn]] void fail(const std::string& cause) {
  throw Error("search", cause, Error::Kind::Usage);
}

std::string at(int column) {
  return " at column " + std::to_string(column);
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

// Columns count characters, not bytes, so that a caret under a Cyrillic title lands where it should.
int characters(std::string_view s) {
  int n = 0;
  for (const char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

std::string join(const std::vector<std::string>& words, std::string_view separator) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += separator;
    out += w;
  }
  return out;
}

std::vector<std::string> split(std::string_view s, char separator) {
  std::vector<std::string> out;
  size_t from = 0;
  for (size_t i = 0; i <= s.size(); ++i)
    if (i == s.size() || s[i] == separator) {
      out.emplace_back(s.substr(from, i - from));
      from = i + 1;
    }
  return out;
}

// Optimal string alignment distance (Levenshtein plus adjacent transpositions): "lenght" is one from
// "length".
int edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<int>> d(a.size() + 1, std::vector<int>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = static_cast<int>(i);
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i)
    for (size_t j = 1; j <= b.size(); ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

// " (did you mean 'x'?)" for the nearest candidate within a third of the word's length, else "".
std::string suggestion(std::string_view word, const std::vector<std::string>& candidates) {
  const std::string w = lower(word);
  const int allowed = std::max(1, static_cast<int>(w.size()) / 3);
  int best = allowed + 1;
  std::string found;
  for (const auto& c : candidates) {
    const int d = edit_distance(w, lower(c));
    if (d < best) {
      best = d;
      found = c;
    }
  }
  return found.empty() ? std::string() : " (did you mean '" + found + "'?)";
}

template <class E>
std::vector<std::string> tokens_of() {
  std::vector<std::string> out;
  for (const auto& e : enum_table(E{})) out.emplace_back(e.token);
  return out;
}

// Numbers without exponents (from_chars in fixed format): "1e3" is not a length anyone writes.
std::optional<double> number_of(std::string_view s) {
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, std::chars_format::fixed);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<int> integer_of(std::string_view s) {
  int v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// A number as the canonical form writes it: no exponent, no trailing zeros.
std::string number_text(double v) {
  std::string s = format("%.3f", v);
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

bool is_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<double> unit_seconds(std::string_view unit) {
  static constexpr std::array<std::pair<std::string_view, double>, 15> kUnits{{
      {"s", 1},
      {"sec", 1},
      {"secs", 1},
      {"second", 1},
      {"seconds", 1},
      {"m", 60},
      {"min", 60},
      {"mins", 60},
      {"minute", 60},
      {"minutes", 60},
      {"h", 3600},
      {"hr", 3600},
      {"hrs", 3600},
      {"hour", 3600},
      {"hours", 3600},
  }};
  for (const auto& [name, seconds] : kUnits)
    if (name == unit) return seconds;
  return std::nullopt;
}

// 90, 90s, 1.5m, 1m30s, 1h2m, 1:30, 1:02:03.
std::optional<double> duration_of(std::string_view text) {
  const std::string s = lower(text);
  if (s.find(':') != std::string::npos) {
    const auto parts = split(s, ':');
    if (parts.size() > 3) return std::nullopt;
    double total = 0;
    for (size_t i = 0; i < parts.size(); ++i) {
      const bool last = i + 1 == parts.size();
      const auto v = last ? number_of(parts[i]) : (is_digits(parts[i]) ? number_of(parts[i]) : std::nullopt);
      if (!v || *v < 0 || (i > 0 && *v >= 60)) return std::nullopt;
      total = total * 60 + *v;
    }
    return total;
  }
  double total = 0;
  size_t i = 0;
  int components = 0;
  while (i < s.size()) {
    size_t j = i;
    while (j < s.size() && ((s[j] >= '0' && s[j] <= '9') || s[j] == '.')) ++j;
    const auto v = number_of(std::string_view(s).substr(i, j - i));
    if (!v) return std::nullopt;
    size_t k = j;
    while (k < s.size() && s[k] >= 'a' && s[k] <= 'z') ++k;
    const std::string_view unit = std::string_view(s).substr(j, k - j);
    const auto seconds = unit.empty() ? std::optional<double>(1.0) : unit_seconds(unit);
    if (!seconds) return std::nullopt;
    total += *v * *seconds;
    ++components;
    i = k;
  }
  if (components == 0) return std::nullopt;
  return total;
}

// 20, 20deg, 20°, 20degrees.
std::optional<double> degrees_of(std::string_view text) {
  std::string s = lower(text);
  for (const std::string_view unit : {"degrees", "degree", "deg", "\xC2\xB0"})
    if (s.size() > unit.size() && s.ends_with(unit)) {
      s.resize(s.size() - unit.size());
      break;
    }
  return number_of(s);
}

// ---- the lexer

enum class Tok { Word, String, Colon, Op, Range, Open, Close, End };

struct Token {
  Tok kind = Tok::End;
  std::string text;    ///< a string's text without its quotes and escapes
  int column = 0;      ///< 1-based, in characters
  bool glued = false;  ///< no space between this token and the one before
};

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// A word runs to a space, a parenthesis, ':', an operator or '..'; a quote opens a string only at the start
// of a token, so O'Brien is one word.
bool ends_word(std::string_view s, size_t i) {
  const char c = s[i];
  if (is_space(c) || c == '(' || c == ')' || c == ':' || c == '<' || c == '>' || c == '=') return true;
  if (i + 1 < s.size() && ((c == '.' && s[i + 1] == '.') || (c == '!' && s[i + 1] == '='))) return true;
  return false;
}

std::vector<Token> lex(std::string_view s) {
  std::vector<Token> out;
  int column = 1;
  size_t i = 0;
  bool space = true;
  const auto advance = [&](size_t to) {
    for (; i < to; ++i)
      if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++column;
  };
  while (i < s.size()) {
    const char c = s[i];
    if (is_space(c)) {
      advance(i + 1);
      space = true;
      continue;
    }
    Token t;
    t.column = column;
    t.glued = !space && !out.empty();
    space = false;
    if (c == '(' || c == ')') {
      t.kind = c == '(' ? Tok::Open : Tok::Close;
      t.text = std::string(1, c);
      advance(i + 1);
    } else if (c == '"' || c == '\'') {
      size_t j = i + 1;
      while (j < s.size() && s[j] != c) {
        if (s[j] == '\\' && j + 1 < s.size()) ++j;
        t.text += s[j++];
      }
      if (j >= s.size()) fail("the quote" + at(t.column) + " is never closed");
      t.kind = Tok::String;
      advance(j + 1);
    } else if (c == ':') {
      t.kind = Tok::Colon;
      t.text = ":";
      advance(i + 1);
    } else if (c == '<' || c == '>' || c == '=' || (c == '!' && i + 1 < s.size() && s[i + 1] == '=')) {
      const bool two = i + 1 < s.size() && s[i + 1] == '=' && c != '=';
      t.kind = Tok::Op;
      t.text = std::string(s.substr(i, two ? 2 : 1));
      advance(i + (two ? 2 : 1));
    } else if (c == '.' && i + 1 < s.size() && s[i + 1] == '.') {
      t.kind = Tok::Range;
      t.text = "..";
      advance(i + 2);
    } else {
      size_t j = i + 1;
      while (j < s.size() && !ends_word(s, j)) ++j;
      t.kind = Tok::Word;
      t.text = std::string(s.substr(i, j - i));
      advance(j);
    }
    out.push_back(std::move(t));
  }
  Token end;
  end.column = column;
  out.push_back(end);
  return out;
}

// ---- the tree

enum class Field {
  Movement,
  Length,
  Dutch,
  Spin,
  Scale,
  Angle,
  Handheld,
  Whip,
  Transition,
  TransitionIn,
  TransitionOut,
  Film,
  Director,
  Country,
  Year,
  Tag,
  After,
  Before,
  Sort,
  Limit,
};

struct FieldInfo {
  Field field;
  std::string_view name;
  std::string_view form;  ///< how it is written, for --help
  std::string_view help;
};

constexpr std::array<FieldInfo, 20> kFields{{
    {Field::Movement, "movement", "movement:KIND|LABEL[,...]",
     "a movement of the shot of this kind (pan, roll...) or label (pan_left, roll_cw...)"},
    {Field::Length, "length", "length OP DURATION, length:A..B",
     "shot length; 90, 90s, 1.5m, 1m30s, 1:30; length:60s is 59.5 s to 60.5 s"},
    {Field::Dutch, "dutch", "dutch OP DEGREES, dutch:yes|no",
     "the Dutch angle, |roll| in degrees either way; dutch:yes: called a Dutch angle (|roll| >= 5)"},
    {Field::Spin, "spin", "spin OP DEGREES", "the largest turn of one roll movement of the shot, in degrees"},
    {Field::Scale, "scale", "scale:S, scale OP S, scale:A..B",
     "shot scale ECU CU MCU MS MLS LS ELS, closest first: scale:S the shot's scale or range includes S; "
     "scale<=S at S or closer; scale>=S at S or wider"},
    {Field::Angle, "angle", "angle:A[,...]", "camera angle: level, high, low, overhead, worms_eye, unknown"},
    {Field::Handheld, "handheld", "handheld:yes|no", "a movement of the shot is handheld or shake"},
    {Field::Whip, "whip", "whip:yes|no|KIND|LABEL[,...]",
     "a whip of the shot: a move too fast to see through the blur (whip pan, whip tilt, crash zoom); "
     "whip:pan, whip:pan_left: a whip of that kind or label"},
    {Field::Transition, "transition", "transition:T[,...]",
     "the shot opens or closes with cut, dissolve, fade_out, fade_in (fade: either fade)"},
    {Field::TransitionIn, "transition_in", "transition_in:T", "the shot opens with T"},
    {Field::TransitionOut, "transition_out", "transition_out:T", "the shot closes with T"},
    {Field::Film, "film", "film:TEXT", "the film's title contains TEXT (any case)"},
    {Field::Director, "director", "director:TEXT", "the director's name contains TEXT"},
    {Field::Country, "country", "country:TEXT", "the country contains TEXT"},
    {Field::Year, "year", "year OP N, year:A..B", "the film's year (films without one never match)"},
    {Field::Tag, "tag", "tag:TAG", "the film has this tag (any case)"},
    {Field::After, "after", "after:TERM", "the previous shot of the same film matches TERM"},
    {Field::Before, "before", "before:TERM", "the next shot of the same film matches TERM"},
    {Field::Sort, "sort", "sort:[-]KEY[,...]",
     "order by length, dutch, spin, start, year, film or scale; - for descending (default: film, then shot)"},
    {Field::Limit, "limit", "limit:N", "list at most N shots (limit:0 or limit:all: every one)"},
}};

std::vector<std::string> field_names() {
  std::vector<std::string> out;
  for (const auto& f : kFields) out.emplace_back(f.name);
  return out;
}

std::string_view name_of(Field field) {
  for (const auto& f : kFields)
    if (f.field == field) return f.name;
  return {};
}

enum class Cmp { Lt, Le, Gt, Ge, Eq, Range, Flag };

struct Node {
  enum class Kind { And, Or, Not, Term };
  Kind kind = Kind::Term;
  std::vector<Node> kids;  ///< And, Or: the operands; Not, after:, before: the one operand
  Field field = Field::Length;
  Cmp cmp = Cmp::Flag;
  double lo = 0, hi = 0;           ///< the number, or the range [lo, hi]
  std::vector<std::string> words;  ///< the tokens of a word field; the text of a text field
  bool yes = true;                 ///< Flag terms: handheld:no, dutch:no, whip:no
};

Node term(Field field, Cmp cmp, double lo = 0, double hi = 0) {
  Node n;
  n.field = field;
  n.cmp = cmp;
  n.lo = lo;
  n.hi = hi;
  return n;
}

Node word_term(Field field, std::vector<std::string> words) {
  Node n = term(field, Cmp::Eq);
  n.words = std::move(words);
  return n;
}

Node flag(Field field, bool yes = true) {
  Node n = term(field, Cmp::Flag);
  n.yes = yes;
  return n;
}

Node combine(Node::Kind kind, std::vector<Node> kids) {
  if (kids.size() == 1) return std::move(kids.front());
  Node n;
  n.kind = kind;
  n.kids = std::move(kids);
  return n;
}

Node negate(Node inner) {
  Node n;
  n.kind = Node::Kind::Not;
  n.kids.push_back(std::move(inner));
  return n;
}

Node sequence(Field field, Node inner) {
  Node n = term(field, Cmp::Flag);
  n.kids.push_back(std::move(inner));
  return n;
}

Node scale_term(Cmp cmp, ShotScale a, ShotScale b = ShotScale::Unknown) {
  return term(Field::Scale, cmp, static_cast<double>(a),
              static_cast<double>(b == ShotScale::Unknown ? a : b));
}

// ---- the phrases

struct Captures {
  double number = 0;       ///< a duration in seconds, or degrees
  std::vector<int> years;  ///< years, or a decade's first and last year
  std::string text;        ///< a title or a name
};

using Build = std::optional<Node> (*)(const Captures&, const SearchOptions&);

struct Phrase {
  /// Words matched case-insensitively: "a|b" alternatives, "[...]" optional, "a+b" two words, and slots:
  /// #duration (90 seconds, a minute, 1m30s), #degrees (20, 20 degrees), #year (1960), #decade (1950s),
  /// #text (a quoted string, or words up to and/or/not, a parenthesis, a field term or another phrase).
  std::string_view pattern;
  std::string_view example;  ///< for --help and the tests; --help shows what it compiles to
  Build build;
};

const std::vector<std::string> kTracking{"truck", "dolly", "arc"};

const std::array<Phrase, 44> kPhrases{{
    {"long take|takes", "long takes",
     [](const Captures&, const SearchOptions& o) -> std::optional<Node> {
       return term(Field::Length, Cmp::Ge, o.long_take_s);
     }},
    {"long-take|long-takes", "long-takes",
     [](const Captures&, const SearchOptions& o) -> std::optional<Node> {
       return term(Field::Length, Cmp::Ge, o.long_take_s);
     }},
    {"longer than #duration", "longer than a minute",
     [](const Captures& c, const SearchOptions&) -> std::optional<Node> {
       return term(Field::Length, Cmp::Gt, c.number);
     }},
    {"shorter than #duration", "shorter than 2 seconds",
     [](const Captures& c, const SearchOptions&) -> std::optional<Node> {
       return term(Field::Length, Cmp::Lt, c.number);
     }},
    {"[with] [a|the] spin|spins|spinning [camera|shot|shots]", "with a spin",
     [](const Captures&, const SearchOptions& o) -> std::optional<Node> {
       return term(Field::Spin, Cmp::Ge, o.spin_deg);
     }},
    {"roll|rolls|rolling [camera|shot|shots]", "rolls",
     [](const Captures&, const SearchOptions&) -> std::optional<Node> {
       return word_term(Field::Movement, {"roll"});
     }},
    {"dutch|tilted|canted [angle|angles|tilt|shot|shots] "
     "over|above|beyond|exceeding|more+than|greater+than|by+over|by+more+than #degrees",
     "Dutch angle over 20 degrees",
     [](const Captures& c, const SearchOptions&) -> std::optional<Node> {
       return term(Field::Dutch, Cmp::Gt, c.number);
     }},
    {"dutch|tilted|canted [angle|angles|tilt|shot|shots] under|below|less+than|by+under|by+less+than "
     "#degrees",
     "Dutch angle under 10 degrees",
     [](const Captures& c, const SearchOptions&) -> std::optional<Node> {
       return term(Field::Dutch, Cmp::Lt, c.number);
     }},
    {"dutch [angle|angles|tilt|tilts|shot|shots]", "Dutch angles",
     [](const Captures&, const SearchOptions&) -> std::optional<Node> { return flag(Field::Dutch); }},
    {"tilted|canted|oblique [shot|shots|angle|angles|camera|frame|frames|horizon|horizons]", "tilted shots",
     [](const Captures&, const SearchOptions&) -> std::optional<Node> { return flag(Field::Dutch); }},
    {"extreme close-up|close-ups|closeup|closeups|close+up|close+ups", "extreme close-ups",
     [](const Captures&, const SearchOptions&) -> std::optional<Node> {
       return scale_term(Cmp::Le, ShotScale::ECU);
     }},
    {"close-up|close-ups|closeup|closeups|close+up|close+ups|close+shot|close+shots", "close-ups",
     [](const Captures&, const SearchOptions&) -> std::optional<Node> {
       return scale_term(Cmp::Le, ShotScale::CU);
     }},
    {"medium close-up|close-ups|closeup|closeups|close+up|close+ups", "medium close-ups",
     [](const Captures&, const SearchOptions&) -> std::optional<Node> {
       return scale_term(Cmp::Eq, ShotScale::MCU);
     }},
    {"medium shot|shots", "medium shots",
     [](const Captures&, const SearchOptions&) -> std::optional<Node> {
       return scale_term(Cmp::Eq, ShotScale::MS);
     }},
    {"medium long shot|shots", "medium long shots",
     [](const Captures&, const SearchOptions&) -> std::optional<Node> {
       return scale_term(Cmp::Eq, ShotScale::MLS);
     }},
    {"wide|wides|long+shot|long+shots|wide+shot|wide+shots|establishing+shot|establishing+shots",
     "wide shots",
     [](const Captures&, const SearchOptions&) -> std::optional<Node> {
       return scale_term(Cmp::Ge, ShotScale::LS);
     }},
    {"extreme wide|long shot|shots", "extreme long shots",
     [](const Captures&, const SearchOptions&) -> std::optional<Node> {
       return scale_term(Cmp::Ge, ShotScale::ELS);
     }},
    {"crane|craning [shot|shots|move|moves|movement|movements]", "crane shots",
     [](const Captures&, const SearchOptions&) -> std::optional<Node> {
       return word_term(Field::Movement, {"pedestal"});
     }},
    {"crane|craning up", "crane up",
     [](const Captures&, const SearchOptions&) -> std::optional<Node> {
       return word_term(Field::Movement, {"pedestal_up"});
     }},
    {"crane|craning down", "crane down",
     [](const Captures&, const SearchOptions&) -> std::optional<Node> {
       return word_term(Field::Movement, {"pedestal_down"});
     }},
    {"tracking|travelling|traveling [shot|shots|move|moves|camera]", "tracking shots",
     [](const Captures&, const SearchOptions&) -> std::optional<Node> {
       return word_term(Field::Movement, kTracking);
     }},
    {"pan|pans|panning [shot|shots]", "pans",
     [](const Captures&, const SearchOptions&) -> std::optional<Node> {
       return word_term(Field::Movement, {"pan"});
     }},
    {"tilt|tilts|tilting [shot|shots]", "tilts",
     [](const Captures&, const SearchOptions&) -> std::optional<Node> {
       return word_term(Field::Movement, {"tilt"});
     }},
    {"zoom|zooms|zooming [shot|shots]", "zooms",
     [](const Captures&, const SearchOptions&) -> std::optional<Node> {
       return word_term(Field::Movement, {"zoom"});
     }},
    {"dolly|dollies [shot|shots]", "dolly shots",
     [](const Captures&, const SearchOptions&) -> std::optional<Node> {
       return word_term(Field::Movement, {"dolly"});
     }},
    {"whip|whips [shot|shots]", "whips",
     [](const Captures&, const SearchOptions&) -> std::optional<Node> { return flag(Field::Whip); }},
    {"whip-pan|whip-pans|whip+pan|whip+pans|swish-pan|swish-pans|swish+pan|swish+pans [shot|shots]",
     "whip pans",
     [](const Captures&, const SearchOptions&) -> std::optional<Node> {
       return word_term(Field::Whip, {"pan"});
     }},
    {"whip-tilt|whip-tilts|whip+tilt|whip+tilts", "whip tilts",
     [](const Captures&, const SearchOptions&) -> std::optional<Node> {
       return word_term(Field::Whip, {"tilt"});
     }},
    {"crash-zoom|crash-zooms|crash+zoom|crash+zooms|snap+zoom|snap+zooms", "crash zooms",
     [](const Captures&, const SearchOptions&) -> std::optional<Node> {
       return word_term(Field::Whip, {"zoom"});
     }},
    {"handheld|hand-held|hand+held|shaky [camera|shot|shots]", "handheld",
     [](const Captures&, const SearchOptions&) -> std::optional<Node> { return flag(Field::Handheld); }},
    {"low-angle|low+angle|low+angles [shot|shots]", "low-angle shots",
     [](const Captures&, const SearchOptions&) -> std::optional<Node> {
       return word_term(Field::Angle, {"low"});
     }},
    {"high-angle|high+angle|high+angles [shot|shots]", "high-angle shots",
     [](const Captures&, const SearchOptions&) -> std::optional<Node> {
       return word_term(Field::Angle, {"high"});
     }},
    {"overhead|bird's-eye|birds-eye|bird's+eye|birds+eye [shot|shots|view|views]", "overhead shots",
     [](const Captures&, const SearchOptions&) -> std::optional<Node> {
       return word_term(Field::Angle, {"overhead"});
     }},
    {"worm's-eye|worms-eye|worm's+eye|worms+eye [shot|shots|view|views]", "worm's-eye view",
     [](const Captures&, const SearchOptions&) -> std::optional<Node> {
       return word_term(Field::Angle, {"worms_eye"});
     }},
    {"dissolve|dissolves", "dissolves",
     [](const Captures&, const SearchOptions&) -> std::optional<Node> {
       return word_term(Field::Transition, {"dissolve"});
     }},
    {"fade|fades", "fades",
     [](const Captures&,
        const SearchOptions&) -> std::
                                  optional<Node> {
                                    return word_term(Field::Transition, {"fade_out", "fade_in"});
                                  }},
    {"before #year", "before 1960",
     [](const Captures& c,
        const SearchOptions&) -> std::optional<Node> { return term(Field::Year, Cmp::Lt, c.years[0]); }},
    {"after #year", "after 1960",
     [](const Captures& c,
        const SearchOptions&) -> std::optional<Node> { return term(Field::Year, Cmp::Gt, c.years[0]); }},
    {"since #year", "since 1957",
     [](const Captures& c,
        const SearchOptions&) -> std::optional<Node> { return term(Field::Year, Cmp::Ge, c.years[0]); }},
    {"in|from #year", "from 1964",
     [](const Captures& c,
        const SearchOptions&) -> std::optional<Node> { return term(Field::Year, Cmp::Eq, c.years[0]); }},
    {"[in|from] [the] #decade", "in the 1950s",
     [](const Captures& c, const SearchOptions&) -> std::optional<Node> {
       return term(Field::Year, Cmp::Range, c.years[0], c.years[1]);
     }},
    {"between #year and #year", "between 1957 and 1964",
     [](const Captures& c, const SearchOptions&) -> std::optional<Node> {
       return term(Field::Year, Cmp::Range, std::min(c.years[0], c.years[1]),
                   std::max(c.years[0], c.years[1]));
     }},
    {"in #text", "in I Am Cuba",
     [](const Captures& c,
        const SearchOptions&) -> std::
                                  optional<Node> {
                                    if (c.text.empty())
                                      return std::nullopt;  // "in films": words that say nothing
                                    return word_term(Field::Film, {c.text});
                                  }},
    {"by|directed+by #text", "by Kalatozov",
     [](const Captures& c, const SearchOptions&) -> std::optional<Node> {
       if (c.text.empty()) return std::nullopt;
       return word_term(Field::Director, {c.text});
     }},
}};

// Words that only make a query read as English.
bool is_filler(std::string_view lowered) {
  static constexpr std::array<std::string_view, 30> kFiller{
      "a",     "an",     "the",  "shot", "shots", "take", "takes", "with", "films",  "film",
      "movie", "movies", "of",   "that", "are",   "is",   "has",   "have", "having", "where",
      "which", "but",    "show", "me",   "all",   "find", "any",   "some", "scene",  "scenes"};
  return std::find(kFiller.begin(), kFiller.end(), lowered) != kFiller.end();
}

// Title words that end a title but say nothing of it ("in I Am Cuba shots").
bool is_trailing_filler(std::string_view lowered) {
  return lowered == "shots" || lowered == "takes" || lowered == "scenes";
}

enum class Slot { None, Duration, Degrees, Year, Decade, Text };

struct Element {
  bool optional = false;
  std::vector<std::vector<std::string>> alternatives;  ///< each one word or more
  Slot slot = Slot::None;
};

std::vector<Element> elements_of(std::string_view pattern) {
  std::vector<Element> out;
  for (std::string part : split(pattern, ' ')) {
    if (part.empty()) continue;
    Element e;
    if (part.front() == '[' && part.back() == ']') {
      e.optional = true;
      part = part.substr(1, part.size() - 2);
    }
    if (part == "#duration") {
      e.slot = Slot::Duration;
    } else if (part == "#degrees") {
      e.slot = Slot::Degrees;
    } else if (part == "#year") {
      e.slot = Slot::Year;
    } else if (part == "#decade") {
      e.slot = Slot::Decade;
    } else if (part == "#text") {
      e.slot = Slot::Text;
    } else {
      for (const auto& alternative : split(part, '|')) e.alternatives.push_back(split(alternative, '+'));
    }
    out.push_back(std::move(e));
  }
  return out;
}

struct CompiledPhrase {
  const Phrase* phrase;
  std::vector<Element> elements;
  bool has_text;
};

const std::vector<CompiledPhrase>& compiled_phrases() {
  static const std::vector<CompiledPhrase> all = [] {
    std::vector<CompiledPhrase> out;
    for (const auto& p : kPhrases) {
      auto elements = elements_of(p.pattern);
      const bool text = std::any_of(elements.begin(), elements.end(),
                                    [](const Element& e) { return e.slot == Slot::Text; });
      out.push_back({&p, std::move(elements), text});
    }
    return out;
  }();
  return all;
}

// ---- the parser

struct SortKey {
  std::string key;
  bool descending = false;
};

constexpr int kMostLimit = 100000000;

constexpr std::array<std::string_view, 7> kSortKeys{"length", "dutch", "spin", "start",
                                                    "year",   "film",  "scale"};

class Parser {
 public:
  Parser(std::vector<Token> tokens, const SearchOptions& options)
      : m_tokens(std::move(tokens)), m_options(options) {}

  std::optional<Node> query() {
    auto root = parse_or();
    const Token& t = peek();
    if (t.kind == Tok::Close) fail("unexpected ')'" + at(t.column) + " (no '(' opens it)");
    if (t.kind != Tok::End) fail("unexpected '" + t.text + "'" + at(t.column));
    return root;
  }

  std::vector<SortKey> sorts;
  std::optional<int> limit;

 private:
  const Token& peek(size_t ahead = 0) const { return m_tokens[std::min(m_pos + ahead, m_tokens.size() - 1)]; }
  const Token& at_index(size_t i) const { return m_tokens[std::min(i, m_tokens.size() - 1)]; }
  const Token& take() { return m_tokens[std::min(m_pos++, m_tokens.size() - 1)]; }

  static bool is_keyword(const Token& t, std::string_view word) {
    return t.kind == Tok::Word && lower(t.text) == word;
  }
  // Where an operand ends: the end, ')', or an and/or between operands.
  bool at_boundary() const {
    const Token& t = peek();
    return t.kind == Tok::End || t.kind == Tok::Close || is_keyword(t, "and") || is_keyword(t, "or");
  }

  std::optional<Node> parse_or() {
    std::vector<Node> kids;
    auto first = parse_and();
    while (is_keyword(peek(), "or")) {
      const Token& op = take();
      if (!first && kids.empty()) fail("'or'" + at(op.column) + " needs a term before it");
      if (first) kids.push_back(std::move(*first));
      first = parse_and();
      if (!first) fail("'or'" + at(op.column) + " needs a term after it");
    }
    if (first) kids.push_back(std::move(*first));
    if (kids.empty()) return std::nullopt;
    return combine(Node::Kind::Or, std::move(kids));
  }

  std::optional<Node> parse_and() {
    std::vector<Node> kids;
    while (true) {
      const Token& t = peek();
      if (t.kind == Tok::End || t.kind == Tok::Close || is_keyword(t, "or")) break;
      if (is_keyword(t, "and")) {
        const Token& op = take();
        if (kids.empty()) fail("'and'" + at(op.column) + " needs a term before it");
        if (at_boundary()) fail("'and'" + at(op.column) + " needs a term after it");
        continue;
      }
      if (auto n = parse_unary()) kids.push_back(std::move(*n));
    }
    if (kids.empty()) return std::nullopt;
    return combine(Node::Kind::And, std::move(kids));
  }

  // The next operand of not / after / before, past words that say nothing; none at a boundary.
  std::optional<Node> operand() {
    while (!at_boundary())
      if (auto n = parse_unary()) return n;
    return std::nullopt;
  }

  std::optional<Node> parse_unary() {
    const Token& t = peek();
    if (is_keyword(t, "not") || is_keyword(t, "without")) {
      const Token& op = take();
      auto inner = operand();
      if (!inner) fail("'" + op.text + "'" + at(op.column) + " needs something to negate");
      return negate(std::move(*inner));
    }
    return parse_primary();
  }

  std::optional<Node> parse_primary() {
    const Token& t = peek();
    switch (t.kind) {
      case Tok::Open: {
        const Token& open = take();
        auto inner = parse_or();
        if (peek().kind != Tok::Close) {
          if (peek().kind == Tok::End) fail("the '('" + at(open.column) + " is never closed");
          fail("unexpected '" + peek().text + "'" + at(peek().column) + " inside the '(' at column " +
               std::to_string(open.column));
        }
        take();
        if (!inner) fail("nothing inside the parentheses" + at(open.column));
        return inner;
      }
      case Tok::String:
        fail("a quoted value" + at(t.column) + " needs a field before it (film:\"...\", director:\"...\")");
      case Tok::Word:
        break;
      default:
        fail("unexpected '" + t.text + "'" + at(t.column));
    }
    const Token& next = peek(1);
    if (next.kind == Tok::Colon || next.kind == Tok::Op) return field_term();
    if (auto m = longest_phrase(m_pos, true)) {
      m_pos = m->end;
      return m->build(m->captures, m_options);
    }
    const std::string w = lower(t.text);
    if (w == "after" || w == "before" || (w == "followed" && is_keyword(next, "by"))) {
      const Token& word = take();
      if (w == "followed") take();
      auto inner = operand();
      if (!inner)
        fail("'" + word.text + "'" + at(word.column) + " needs a term after it (after a crane move)");
      return sequence(w == "after" ? Field::After : Field::Before, std::move(*inner));
    }
    if (is_filler(w)) {
      take();
      return std::nullopt;
    }
    if (w == "in" || w == "by")
      fail("'" + t.text + "'" + at(t.column) + " needs a film title or name after it");
    if (is_keyword(t, "and") || is_keyword(t, "or"))
      fail("'" + t.text + "'" + at(t.column) + " needs a term before it");
    std::string hint = suggestion(w, vocabulary());
    if (hint.empty())
      hint =
          " (terms are field:value, e.g. movement:roll, or phrases such as 'long takes'; quote titles: "
          "film:\"...\")";
    fail("unknown word '" + t.text + "'" + at(t.column) + hint);
  }

  // Every word a query may start a term with, for "did you mean".
  static const std::vector<std::string>& vocabulary() {
    static const std::vector<std::string> words = [] {
      std::vector<std::string> out = field_names();
      for (const auto& p : compiled_phrases())
        for (const auto& e : p.elements)
          for (const auto& alternative : e.alternatives)
            for (const auto& w : alternative)
              if (w.size() > 2 && std::find(out.begin(), out.end(), w) == out.end()) out.push_back(w);
      for (const char* w : {"not", "without", "after", "before", "followed"}) out.emplace_back(w);
      return out;
    }();
    return words;
  }

  // ---- phrases

  struct Match {
    size_t end = 0;
    Build build = nullptr;
    Captures captures;
  };

  std::optional<Match> longest_phrase(size_t pos, bool with_text) const {
    std::optional<Match> best;
    for (const auto& p : compiled_phrases()) {
      if (p.has_text && !with_text) continue;
      Captures captures;
      size_t end = 0;
      match(p.elements, 0, pos, captures, end);
      // The longest wins; on a tie, the earlier phrase of the table.
      if (end > pos && (!best || end > best->end)) {
        Captures found;
        match_captures(p.elements, 0, pos, end, found);
        best = Match{end, p.phrase->build, std::move(found)};
      }
    }
    return best;
  }

  // The furthest token that `elements` from k can reach from `pos`, in `end`.
  void match(const std::vector<Element>& elements, size_t k, size_t pos, Captures& captures,
             size_t& end) const {
    if (k == elements.size()) {
      end = std::max(end, pos);
      return;
    }
    const Element& e = elements[k];
    if (e.optional) match(elements, k + 1, pos, captures, end);
    if (e.slot != Slot::None) {
      if (auto to = slot_at(e.slot, pos, captures)) match(elements, k + 1, *to, captures, end);
      return;
    }
    for (const auto& alternative : e.alternatives)
      if (words_at(alternative, pos)) match(elements, k + 1, pos + alternative.size(), captures, end);
  }

  // The captures of the path through `elements` that ends at `end` (slots fill in order along it).
  bool match_captures(const std::vector<Element>& elements, size_t k, size_t pos, size_t end,
                      Captures& captures) const {
    if (k == elements.size()) return pos == end;
    const Element& e = elements[k];
    if (e.optional && match_captures(elements, k + 1, pos, end, captures)) return true;
    if (e.slot != Slot::None) {
      Captures trial = captures;
      if (auto to = slot_at(e.slot, pos, trial))
        if (match_captures(elements, k + 1, *to, end, trial)) {
          captures = std::move(trial);
          return true;
        }
      return false;
    }
    for (const auto& alternative : e.alternatives)
      if (words_at(alternative, pos) &&
          match_captures(elements, k + 1, pos + alternative.size(), end, captures))
        return true;
    return false;
  }

  bool words_at(const std::vector<std::string>& words, size_t pos) const {
    for (size_t i = 0; i < words.size(); ++i) {
      const Token& t = at_index(pos + i);
      if (t.kind != Tok::Word || lower(t.text) != words[i]) return false;
      // A word glued to a ':' or an operator is a field, never part of a phrase.
      const Token& after = at_index(pos + i + 1);
      if (after.kind == Tok::Colon || after.kind == Tok::Op) return false;
    }
    return true;
  }

  // A value written as one run of glued tokens from `pos` ("1:30", "1m30s"): its text and where it ends.
  std::pair<std::string, size_t> glued_run(size_t pos) const {
    std::string text = at_index(pos).text;
    size_t end = pos + 1;
    while (at_index(end).glued && (at_index(end).kind == Tok::Word || at_index(end).kind == Tok::Colon)) {
      text += at_index(end).text;
      ++end;
    }
    return {text, end};
  }

  std::optional<size_t> slot_at(Slot slot, size_t pos, Captures& captures) const {
    const Token& t = at_index(pos);
    if (slot == Slot::Text) return text_at(pos, captures);
    if (t.kind != Tok::Word) return std::nullopt;
    const std::string w = lower(t.text);
    const Token& next = at_index(pos + 1);
    const std::string nw = next.kind == Tok::Word ? lower(next.text) : std::string();
    switch (slot) {
      case Slot::Duration: {
        if (w == "a" || w == "an" || w == "one") {
          if (nw == "second" || nw == "minute" || nw == "hour") {
            captures.number = *unit_seconds(nw);
            return pos + 2;
          }
          return std::nullopt;
        }
        if (const auto n = number_of(w); n && !next.glued && unit_seconds(nw)) {
          captures.number = *n * *unit_seconds(nw);
          return pos + 2;
        }
        const auto [text, end] = glued_run(pos);
        if (const auto d = duration_of(text)) {
          captures.number = *d;
          return end;
        }
        return std::nullopt;
      }
      case Slot::Degrees: {
        const auto d = degrees_of(w);
        if (!d) return std::nullopt;
        captures.number = *d;
        if (nw == "degrees" || nw == "degree" || nw == "deg" || nw == "\xC2\xB0") return pos + 2;
        return pos + 1;
      }
      case Slot::Year:
        if (w.size() != 4 || !is_digits(w)) return std::nullopt;
        captures.years.push_back(*integer_of(w));
        return pos + 1;
      case Slot::Decade:
        if (w.size() != 5 || w[4] != 's' || w[3] != '0' || !is_digits(w.substr(0, 4))) return std::nullopt;
        captures.years.push_back(*integer_of(w.substr(0, 4)));
        captures.years.push_back(captures.years.back() + 9);
        return pos + 1;
      default:
        return std::nullopt;
    }
  }

  // A title or a name: a quoted string, or the words up to and/or/not, a parenthesis, a field term, an
  // after/before or another phrase (its first word is always taken: "in Before Sunrise"). Words that say
  // nothing ("in films") give an empty text.
  std::optional<size_t> text_at(size_t pos, Captures& captures) const {
    const Token& first = at_index(pos);
    if (first.kind == Tok::String) {
      if (first.text.empty()) return std::nullopt;
      captures.text = first.text;
      return pos + 1;
    }
    std::vector<std::string> words;
    size_t end = pos;
    while (true) {
      const Token& t = at_index(end);
      if (t.kind != Tok::Word) break;
      const Token& next = at_index(end + 1);
      if (next.kind == Tok::Colon || next.kind == Tok::Op) break;
      const std::string w = lower(t.text);
      if (w == "and" || w == "or" || w == "not" || w == "without") break;
      if (end > pos && (w == "after" || w == "before" || (w == "followed" && is_keyword(next, "by")) ||
                        longest_phrase(end, false)))
        break;
      words.push_back(t.text);
      ++end;
    }
    if (words.empty()) return std::nullopt;
    while (words.size() > 1 && is_trailing_filler(lower(words.back()))) words.pop_back();
    const bool says_nothing =
        std::all_of(words.begin(), words.end(), [](const std::string& w) { return is_filler(lower(w)); });
    captures.text = says_nothing ? std::string() : join(words, " ");
    return end;
  }

  // ---- field terms

  struct Value {
    std::string text;
    int column = 0;
  };

  Value value_after(const Token& name, const Token& op) {
    const Token& t = peek();
    if (t.kind == Tok::String) {
      take();
      if (t.text.empty()) fail("'" + name.text + "'" + at(t.column) + " needs a value, not an empty string");
      return {t.text, t.column};
    }
    if (t.kind != Tok::Word && t.kind != Tok::Range)
      fail("'" + name.text + op.text + "'" + at(name.column) + " needs a value after it");
    Value v{take().text, t.column};
    while (peek().glued &&
           (peek().kind == Tok::Word || peek().kind == Tok::Colon || peek().kind == Tok::Range))
      v.text += take().text;
    return v;
  }

  static Cmp cmp_of(const std::string& op) {
    if (op == "<") return Cmp::Lt;
    if (op == "<=") return Cmp::Le;
    if (op == ">") return Cmp::Gt;
    if (op == ">=") return Cmp::Ge;
    return Cmp::Eq;
  }

  // A number or a range A..B (either end may be left open) for a numeric field.
  template <class ParseOne>
  Node numeric(Field field, const Token& name, const Token& op, const Value& v, ParseOne parse,
               std::string_view what) {
    const auto one = [&](std::string_view text, int column) {
      const auto x = parse(text);
      if (!x)
        fail("'" + std::string(text) + "'" + at(column) + " is not " + std::string(what) + " (for '" +
             name.text + "')");
      return *x;
    };
    const size_t dots = v.text.find("..");
    if (dots == std::string::npos) return term(field, cmp_of(op.text), one(v.text, v.column));
    if (op.text != ":" && op.text != "=")
      fail("a range" + at(v.column) + " takes ':' (" + name.text + ":A..B), not '" + op.text + "'");
    const std::string a = v.text.substr(0, dots), b = v.text.substr(dots + 2);
    const int b_column = v.column + characters(v.text.substr(0, dots + 2));
    if (a.empty() && b.empty()) fail("the range" + at(v.column) + " needs at least one end");
    if (a.empty()) return term(field, Cmp::Le, one(b, b_column));
    if (b.empty()) return term(field, Cmp::Ge, one(a, v.column));
    const double lo = one(a, v.column), hi = one(b, b_column);
    if (lo > hi)
      fail("the range '" + v.text + "'" + at(v.column) + " is empty (write the smaller end first)");
    return term(field, Cmp::Range, lo, hi);
  }

  // Comma-separated tokens of a word table, each checked (with "did you mean" and the list of valid words).
  std::vector<std::string> word_list(const Value& v, const std::vector<std::string>& valid,
                                     std::string_view what, std::string_view listed,
                                     bool upper_case = false) {
    std::vector<std::string> out;
    int column = v.column;
    for (const auto& part : split(v.text, ',')) {
      const std::string w = upper_case ? upper(part) : lower(part);
      if (w.empty()) fail("an empty " + std::string(what) + at(column) + " in '" + v.text + "'");
      if (std::find(valid.begin(), valid.end(), w) == valid.end()) {
        std::string hint = suggestion(part, valid);
        fail("unknown " + std::string(what) + " '" + part + "'" + at(column) + hint + "; " +
             std::string(listed));
      }
      if (std::find(out.begin(), out.end(), w) == out.end()) out.push_back(w);
      column += characters(part) + 1;
    }
    return out;
  }

  static std::optional<bool> yes_no(std::string_view text) {
    const std::string w = lower(text);
    if (w == "yes" || w == "true" || w == "1" || w == "on") return true;
    if (w == "no" || w == "false" || w == "0" || w == "off") return false;
    return std::nullopt;
  }

  std::optional<Node> field_term() {
    const Token name = take();
    const Token op = take();
    const std::string key = lower(name.text);
    const auto info =
        std::find_if(kFields.begin(), kFields.end(), [&](const FieldInfo& f) { return f.name == key; });
    if (info == kFields.end())
      fail("unknown field '" + name.text + "'" + at(name.column) + suggestion(key, field_names()));
    const Field field = info->field;
    const bool numeric_field = field == Field::Length || field == Field::Dutch || field == Field::Spin ||
                               field == Field::Scale || field == Field::Year;
    const bool negated = op.text == "!=";
    if (!numeric_field && op.text != ":" && op.text != "=" && !negated)
      fail("'" + name.text + "' takes ':' (" + std::string(info->form) + "), not '" + op.text + "'" +
           at(op.column));
    if (negated && (field == Field::Sort || field == Field::Limit))
      fail("'" + name.text + "' takes ':', not '!='" + at(op.column));
    std::optional<Node> n = parse_field(field, name, op);
    if (negated && n) return negate(std::move(*n));
    return n;
  }

  std::optional<Node> parse_field(Field field, const Token& name, const Token& op) {
    if (field == Field::After || field == Field::Before) {
      if (op.text != ":") fail("'" + name.text + "' takes ':' (" + name.text + ":TERM)" + at(op.column));
      auto inner = operand();
      if (!inner) fail("'" + name.text + ":'" + at(name.column) + " needs a term after it");
      return sequence(field, std::move(*inner));
    }
    const Value v = value_after(name, op);
    switch (field) {
      case Field::Whip:
        if (const auto yes = yes_no(v.text)) return flag(field, *yes);
        [[fallthrough]];
      case Field::Movement: {
        std::vector<std::string> valid = tokens_of<MovementKind>(), directed;
        for (const auto& l : tokens_of<MovementLabel>())
          if (std::find(valid.begin(), valid.end(), l) == valid.end()) directed.push_back(l);
        const std::string listed = std::string(field == Field::Whip ? "whip takes yes, no, " : "") +
                                   "movements are " + join(valid, ", ") + " and the labels " +
                                   join(directed, ", ");
        valid.insert(valid.end(), directed.begin(), directed.end());
        return word_term(field, word_list(v, valid, "movement", listed));
      }
      case Field::Transition:
      case Field::TransitionIn:
      case Field::TransitionOut: {
        std::vector<std::string> valid = tokens_of<TransitionType>();
        if (field == Field::Transition) valid.emplace_back("fade");
        auto words = word_list(v, valid, "transition", "transitions are " + token_list<TransitionType>());
        std::vector<std::string> out;
        for (const auto& w : words)
          for (const auto& x : w == "fade" ? std::vector<std::string>{"fade_out", "fade_in"} : std::vector{w})
            if (std::find(out.begin(), out.end(), x) == out.end()) out.push_back(x);
        return word_term(field, out);
      }
      case Field::Angle:
        return word_term(field, word_list(v, tokens_of<CameraAngle>(), "camera angle",
                                          "camera angles are " + token_list<CameraAngle>()));
      case Field::Handheld: {
        const auto yes = yes_no(v.text);
        if (!yes) fail("'handheld' takes yes or no, not '" + v.text + "'" + at(v.column));
        return flag(field, *yes);
      }
      case Field::Dutch:
        if (op.text == ":" || op.text == "=")
          if (const auto yes = yes_no(v.text); yes && lower(v.text) != "0" && lower(v.text) != "1")
            return flag(field, *yes);
        return numeric(field, name, op, v, degrees_of, "an angle in degrees");
      case Field::Spin:
        return numeric(field, name, op, v, degrees_of, "an angle in degrees");
      case Field::Length:
        return numeric(field, name, op, v, duration_of, "a duration (90, 90s, 1m30s, 1:30)");
      case Field::Year:
        return numeric(
            field, name, op, v,
            [](std::string_view s) -> std::optional<double> {
              const auto y = is_digits(s) ? integer_of(s) : std::nullopt;
              return y ? std::optional<double>(*y) : std::nullopt;
            },
            "a year");
      case Field::Scale:
        return scale(name, op, v);
      case Field::Film:
      case Field::Director:
      case Field::Country:
      case Field::Tag:
        return word_term(field, {v.text});
      case Field::Sort: {
        int column = v.column;
        for (const auto& part : split(v.text, ',')) {
          SortKey k;
          std::string key = lower(part);
          if (!key.empty() && (key[0] == '-' || key[0] == '+')) {
            k.descending = key[0] == '-';
            key.erase(0, 1);
          }
          if (std::find(kSortKeys.begin(), kSortKeys.end(), key) == kSortKeys.end()) {
            std::vector<std::string> valid(kSortKeys.begin(), kSortKeys.end());
            fail("unknown sort key '" + part + "'" + at(column) + suggestion(key, valid) + "; sort by " +
                 join(valid, ", ") + " (- first for descending)");
          }
          k.key = key;
          sorts.push_back(k);
          column += characters(part) + 1;
        }
        return std::nullopt;
      }
      case Field::Limit: {
        const std::string w = lower(v.text);
        if (w == "all") {
          limit = 0;
        } else if (is_digits(w)) {
          // A limit beyond any catalog's size lists every shot, as limit:all does (and never overflows).
          const auto n = w.size() > 9 ? std::nullopt : integer_of(w);
          limit = n && *n < kMostLimit ? *n : 0;
        } else {
          fail("'limit' takes a whole number (limit:20; limit:0 or limit:all for every shot), not '" +
               v.text + "'" + at(v.column));
        }
        return std::nullopt;
      }
      default:
        return std::nullopt;
    }
  }

  Node scale(const Token& name, const Token& op, const Value& v) {
    const std::vector<std::string> valid{"ECU", "CU", "MCU", "MS", "MLS", "LS", "ELS"};
    const auto rank = [&](std::string_view text, int column) {
      const std::string w = upper(text);
      for (size_t i = 0; i < valid.size(); ++i)
        if (valid[i] == w) return static_cast<ShotScale>(i);
      fail("unknown shot scale '" + std::string(text) + "'" + at(column) + suggestion(text, valid) +
           "; scales are " + join(valid, ", ") + " (closest first) and unknown");
    };
    if (lower(v.text) == "unknown") {
      if (op.text != ":" && op.text != "=") fail("'scale:unknown' takes ':'" + at(op.column));
      Node n = term(Field::Scale, Cmp::Flag);
      n.yes = false;
      return n;
    }
    size_t split_at = v.text.find("..");
    size_t width = 2;
    if (split_at == std::string::npos) {
      split_at = v.text.find('-');
      width = 1;
    }
    if (split_at == std::string::npos) return scale_term(cmp_of(op.text), rank(v.text, v.column));
    if (op.text != ":" && op.text != "=")
      fail("a range" + at(v.column) + " takes ':' (" + name.text + ":CU..MS), not '" + op.text + "'");
    const std::string a = v.text.substr(0, split_at), b = v.text.substr(split_at + width);
    const int b_column = v.column + characters(v.text.substr(0, split_at + width));
    if (a.empty() || b.empty()) fail("the scale range '" + v.text + "'" + at(v.column) + " needs both ends");
    const ShotScale lo = rank(a, v.column), hi = rank(b, b_column);
    if (lo > hi)
      fail("the scale range '" + v.text + "'" + at(v.column) + " is empty (closest first: CU..MS)");
    return lo == hi ? scale_term(Cmp::Eq, lo) : scale_term(Cmp::Range, lo, hi);
  }

  std::vector<Token> m_tokens;
  const SearchOptions& m_options;
  size_t m_pos = 0;
};

// ---- the canonical form

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string scale_word(double rank) {
  return std::string(token_of(static_cast<ShotScale>(static_cast<int>(rank))));
}

std::string compared(const Node& n, const std::function<std::string(double)>& value) {
  const std::string name(name_of(n.field));
  switch (n.cmp) {
    case Cmp::Lt:
      return name + "<" + value(n.lo);
    case Cmp::Le:
      return name + "<=" + value(n.lo);
    case Cmp::Gt:
      return name + ">" + value(n.lo);
    case Cmp::Ge:
      return name + ">=" + value(n.lo);
    case Cmp::Eq:
      return name + ":" + value(n.lo);
    case Cmp::Range:
      return name + ":" + value(n.lo) + ".." + value(n.hi);
    case Cmp::Flag:
      break;
  }
  return name;
}

std::string canonical(const Node& n, bool nested = false) {
  switch (n.kind) {
    case Node::Kind::And:
    case Node::Kind::Or: {
      std::vector<std::string> parts;
      for (const auto& k : n.kids) parts.push_back(canonical(k, true));
      const std::string text = join(parts, n.kind == Node::Kind::And ? " and " : " or ");
      return nested ? "(" + text + ")" : text;
    }
    case Node::Kind::Not:
      return "not " + canonical(n.kids.front(), true);
    case Node::Kind::Term:
      break;
  }
  const std::string name(name_of(n.field));
  switch (n.field) {
    case Field::After:
    case Field::Before:
      return name + ":(" + canonical(n.kids.front()) + ")";
    case Field::Length:
      return compared(n, [](double v) { return number_text(v) + "s"; });
    case Field::Dutch:
      if (n.cmp == Cmp::Flag) return n.yes ? "dutch" : "dutch:no";
      return compared(n, number_text);
    case Field::Spin:
      return compared(n, number_text);
    case Field::Year:
      return compared(n, number_text);
    case Field::Scale:
      if (n.cmp == Cmp::Flag) return "scale:unknown";
      return compared(n, scale_word);
    case Field::Handheld:
      return n.yes ? "handheld" : "handheld:no";
    case Field::Whip:
      if (n.cmp == Cmp::Flag) return n.yes ? "whip" : "whip:no";
      return name + ":" + join(n.words, ",");
    case Field::Film:
    case Field::Director:
    case Field::Country:
    case Field::Tag:
      return name + ":" + quoted(n.words.front());
    default:
      return name + ":" + join(n.words, ",");
  }
}

// ---- the SQL

class Translator {
 public:
  std::vector<sql::Value> binds;

  /// The condition `n` puts on the shot row `a` (an alias of shots).
  std::string condition(const Node& n, const std::string& a) {
    switch (n.kind) {
      case Node::Kind::And:
      case Node::Kind::Or: {
        std::string out = "(";
        for (size_t i = 0; i < n.kids.size(); ++i) {
          if (i > 0) out += n.kind == Node::Kind::And ? " AND " : " OR ";
          out += condition(n.kids[i], a);
        }
        return out + ")";
      }
      case Node::Kind::Not: {
        // A term on an unknown value (no Dutch angle measured, no year) is NULL: `not` keeps those shots, so
        // that "x" and "not x" together are every shot.
        std::string out = "NOT coalesce(";
        out += condition(n.kids.front(), a);
        return out + ", 0)";
      }
      case Node::Kind::Term:
        return term_condition(n, a);
    }
    return "1";
  }

 private:
  std::string param(sql::Value v) {
    binds.push_back(std::move(v));
    return "?";
  }

  std::string params(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words) {
      if (!out.empty()) out += ", ";
      out += param(w);
    }
    return out;
  }

  // The comparison of `column` with the term's number; `tolerance_half` makes field:N the interval
  // [N - tolerance_half, N + tolerance_half) for measured reals; integers compare exactly.
  std::string compare(const std::string& column, const Node& n, double tolerance_half, bool integer) {
    const auto number = [&](double v) {
      return integer ? sql::Value(static_cast<int64_t>(std::llround(v))) : sql::Value(v);
    };
    std::string out = column;
    switch (n.cmp) {
      case Cmp::Lt:
        out += " < ";
        out += param(number(n.lo));
        break;
      case Cmp::Le:
        out += " <= ";
        out += param(number(n.lo));
        break;
      case Cmp::Gt:
        out += " > ";
        out += param(number(n.lo));
        break;
      case Cmp::Ge:
        out += " >= ";
        out += param(number(n.lo));
        break;
      case Cmp::Eq:
        if (integer) {
          out += " = ";
          out += param(number(n.lo));
        } else {
          out += " >= ";
          out += param(number(n.lo - tolerance_half));
          out += " AND " + column + " < ";
          out += param(number(n.lo + tolerance_half));
        }
        break;
      case Cmp::Range:
        out += " BETWEEN ";
        out += param(number(n.lo));
        out += " AND ";
        out += param(number(n.hi));
        break;
      case Cmp::Flag:
        break;
    }
    return "(" + out + ")";
  }

  // A movement of the shot `a` of one of n.words' kinds or labels, and `also` (" AND m.whip = 1").
  std::string movement_condition(const Node& n, const std::string& a, const std::string& also) {
    std::vector<std::string> kinds, labels;
    for (const auto& w : n.words) (parse_token<MovementKind>(w) ? kinds : labels).push_back(w);
    // A probe per shot on movements_by_kind (kind, shot_id) rather than the list of every shot with such
    // a move: a common kind (pan) would make that list a good part of the catalog.
    std::string out = "EXISTS (SELECT 1 FROM movements m WHERE m.shot_id = " + a + ".id" + also + " AND (";
    if (!kinds.empty()) {
      out += "m.kind IN (";
      out += params(kinds);
      out += ")";
    }
    if (!kinds.empty() && !labels.empty()) out += " OR ";
    if (!labels.empty()) {
      out += "m.label IN (";
      out += params(labels);
      out += ")";
    }
    return out + "))";
  }

  std::string film_condition(const std::string& a, const std::string& where) {
    return a + ".film_id IN (SELECT fi.id FROM films fi WHERE " + where + ")";
  }

  std::string term_condition(const Node& n, const std::string& a) {
    switch (n.field) {
      case Field::Length:
        return compare(a + ".length_s", n, 0.5, false);
      case Field::Dutch:
        if (n.cmp == Cmp::Flag) return a + (n.yes ? ".dutch = 1" : ".dutch = 0");
        return compare(a + ".dutch_abs", n, 0.5, false);
      case Field::Spin: {
        // Only shots that roll are in the spin index (spin_deg > 0): say so when the term implies it, so
        // that SQLite may use it.
        const bool positive = (n.cmp == Cmp::Gt && n.lo >= 0) || (n.cmp == Cmp::Ge && n.lo > 0) ||
                              (n.cmp == Cmp::Eq && n.lo > 0.5) || (n.cmp == Cmp::Range && n.lo > 0);
        const std::string cmp = compare(a + ".spin_deg", n, 0.5, false);
        // Spins are rare: say so (likelihood), so that SQLite starts from the spin index rather than scan
        // every shot for a few.
        return positive ? "(" + a + ".spin_deg > 0 AND likelihood(" + cmp + ", 0.01))" : cmp;
      }
      case Field::Scale: {
        if (n.cmp == Cmp::Flag) return a + ".scale_closest IS NULL";
        const auto rank = [](double v) { return sql::Value(static_cast<int64_t>(v)); };
        std::string out = "(";
        switch (n.cmp) {
          case Cmp::Lt:
            out += a + ".scale_closest < ";
            out += param(rank(n.lo));
            break;
          case Cmp::Le:
            out += a + ".scale_closest <= ";
            out += param(rank(n.lo));
            break;
          case Cmp::Gt:
            out += a + ".scale_widest > ";
            out += param(rank(n.lo));
            break;
          case Cmp::Ge:
            out += a + ".scale_widest >= ";
            out += param(rank(n.lo));
            break;
          default:  // the shot's range [closest, widest] meets [lo, hi]
            out += a + ".scale_closest <= ";
            out += param(rank(n.hi));
            out += " AND " + a + ".scale_widest >= ";
            out += param(rank(n.lo));
            break;
        }
        return out + ")";
      }
      case Field::Angle: {
        std::string out = "(" + a + ".camera_angle IN (";
        out += params(n.words);
        out += ")";
        if (std::find(n.words.begin(), n.words.end(), "unknown") != n.words.end())
          out += " OR " + a + ".camera_angle IS NULL";
        return out + ")";
      }
      case Field::Handheld:
        return a + (n.yes ? ".handheld = 1" : ".handheld = 0");
      case Field::Whip:
        // Whips are rare: the partial index movements_whip holds only them.
        if (n.cmp == Cmp::Flag)
          return std::string(n.yes ? "" : "NOT ") +
                 "EXISTS (SELECT 1 FROM movements m WHERE m.shot_id = " + a + ".id AND m.whip = 1)";
        return movement_condition(n, a, " AND m.whip = 1");
      case Field::Transition: {
        std::string out = "(" + a + ".transition_in IN (";
        out += params(n.words);
        out += ") OR " + a + ".transition_out IN (";
        out += params(n.words);
        return out + "))";
      }
      case Field::TransitionIn: {
        std::string out = a + ".transition_in IN (";
        out += params(n.words);
        return out + ")";
      }
      case Field::TransitionOut: {
        std::string out = a + ".transition_out IN (";
        out += params(n.words);
        return out + ")";
      }
      case Field::Movement:
        return movement_condition(n, a, "");
      case Field::Film:
      case Field::Director:
      case Field::Country: {
        // instr, not LIKE: % and _ in a title are letters, not wildcards.
        const std::string column = n.field == Field::Film       ? "fi.title"
                                   : n.field == Field::Director ? "fi.director"
                                                                : "fi.country";
        std::string where = "instr(lower(" + column + "), lower(";
        where += param(n.words.front());
        return film_condition(a, where + ")) > 0");
      }
      case Field::Year: {
        // One year names a few films: SQLite may start from them. A range of years ("before 1960") may be
        // most of the catalog: the unary + keeps SQLite scanning shots in order, checking the film of each.
        const std::string where = compare("fi.year", n, 0, true);
        return (n.cmp == Cmp::Eq ? "" : "+") + film_condition(a, where);
      }
      case Field::Tag: {
        std::string out = a + ".film_id IN (SELECT t.film_id FROM tags t WHERE t.tag = ";
        out += param(n.words.front());
        return out + ")";
      }
      case Field::After:
      case Field::Before: {
        // The neighbour in the same film (idx - 1 for after, idx + 1 for before) looked up on the (film_id,
        // idx) index from each shot: a probe per shot as the scan goes, stopping at the limit.
        const std::string p = "p" + std::to_string(++m_depth);
        std::string out = "EXISTS (SELECT 1 FROM shots " + p + " WHERE " + p + ".film_id = " + a +
                          ".film_id AND " + p + ".idx = " + a + ".idx" +
                          (n.field == Field::After ? " - 1" : " + 1") + " AND ";
        out += condition(n.kids.front(), p);
        return out + ")";
      }
      default:
        return "1";
    }
  }

  int m_depth = 0;
};

std::string order_by(const std::vector<SortKey>& sorts) {
  std::string out;
  for (const auto& k : sorts) {
    const std::string dir = k.descending ? " DESC" : "";
    if (k.key == "length") out += "s.length_s" + dir;
    if (k.key == "dutch") out += "s.dutch_abs IS NULL, s.dutch_abs" + dir;
    if (k.key == "spin") out += "s.spin_deg" + dir;
    if (k.key == "start") out += "s.start_s" + dir;
    if (k.key == "year") out += "f.year IS NULL, f.year" + dir;
    if (k.key == "film") out += "f.title COLLATE NOCASE" + dir + ", s.film_id" + dir;
    if (k.key == "scale") out += "s.scale_closest IS NULL, s.scale_closest" + dir;
    out += ", ";
  }
  return out + "s.id";
}

}  // namespace

CompiledQuery compile_query(std::string_view text, const SearchOptions& options) {
  Parser parser(lex(text), options);
  const std::optional<Node> root = parser.query();

  CompiledQuery q;
  q.limit = parser.limit.value_or(std::max(0, options.default_limit));
  Translator t;
  q.sql =
      "SELECT f.id, f.title, f.year, f.path, f.fps_num, f.fps_den, s.idx, s.start_s, s.end_s, s.length_s, "
      "s.start_frame, s.movements, s.dutch_deg, s.scale, s.still_path FROM shots s JOIN films f ON f.id = "
      "s.film_id";
  if (root) q.sql += " WHERE " + t.condition(*root, "s");
  q.sql += " ORDER BY " + order_by(parser.sorts) + " LIMIT ?";
  q.binds = std::move(t.binds);
  q.binds.emplace_back(q.limit > 0 ? static_cast<int64_t>(q.limit) + 1 : int64_t{-1});

  std::vector<std::string> parts;
  if (root) parts.push_back(canonical(*root));
  if (!parser.sorts.empty()) {
    std::vector<std::string> keys;
    for (const auto& k : parser.sorts) keys.push_back((k.descending ? "-" : "") + k.key);
    parts.push_back("sort:" + join(keys, ","));
  }
  if (parser.limit)
    parts.push_back(*parser.limit > 0 ? "limit:" + std::to_string(*parser.limit) : "limit:all");
  q.canonical = join(parts, " ");
  return q;
}

std::string search_language_help(const SearchOptions& options) {
  std::string out =
      "The search language (docs/search.md). Terms side by side must all hold; or, not and\n"
      "parentheses combine them. Fields (OP is one of : = < <= > >= !=):\n";
  size_t width = 0;
  for (const auto& f : kFields) width = std::max(width, f.form.size());
  for (const auto& f : kFields)
    out +=
        "  " + std::string(f.form) + std::string(width - f.form.size() + 2, ' ') + std::string(f.help) + "\n";
  out += "Phrases (any case; words such as shots, with, a, the are ignored), and what they stand for:\n";
  std::vector<std::pair<std::string, std::string>> rows;
  for (const auto& p : kPhrases) {
    if (p.example == "long-takes") continue;
    rows.emplace_back("\"" + std::string(p.example) + "\"", compile_query(p.example, options).canonical);
  }
  rows.emplace_back("\"after a crane move\"", compile_query("after a crane move", options).canonical);
  rows.emplace_back("\"followed by a dissolve\"", compile_query("followed by a dissolve", options).canonical);
  width = 0;
  for (const auto& [a, b] : rows) width = std::max(width, a.size());
  for (const auto& [a, b] : rows) out += "  " + a + std::string(width - a.size() + 2, ' ') + b + "\n";
  out +=
      "A title after 'in' runs to and/or/not, a parenthesis, a field or another phrase; quote it when it "
      "holds\n"
      "such words: in \"Gone with the Wind\".\n"
      "Examples:\n"
      "  cranes search long takes with a spin\n"
      "  cranes search 'Dutch angle over 20 degrees' sort:-dutch limit:20\n"
      "  cranes search 'tracking shots longer than a minute in I Am Cuba'\n"
      "  cranes search 'close-ups after a crane move'\n"
      "  cranes search 'handheld shots in films before 1960' --html handheld.html\n"
      "  cranes search 'movement:roll and (scale:CU or angle:low) and not tag:seen'\n";
  return out;
}

}  // namespace cranes::catalog
