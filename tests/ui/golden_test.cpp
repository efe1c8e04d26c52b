// golden_test.cpp — every scenario of golden_scenarios.h in both orientations, compared pixel by pixel with
// the reviewed image tests/ui/golden/<orientation>/<scenario>.png.
//
// A pixel differs when any channel is off by more than kChannelTolerance (the software rasteriser is
// deterministic; the tolerance only absorbs rounding differences between SDL builds). On a mismatch the
// actual image and a diff (golden faded, differing pixels red, their bounding box outlined) go to
// ${ZHIDUI_BUILD_DIR}/golden-actual/<orientation>/. A missing golden fails as well, so a new scenario
// cannot pass before someone has looked at it. Environment:
//   ZHIDUI_GOLDEN_UPDATE=1  (re)write the goldens that are missing or differ, and pass (tools/golden.sh update)
//   ZHIDUI_GOLDEN_REVIEW=1  also write actual, diff and a one-line verdict for matching scenarios, for the
//                           contact sheet of tools/golden.sh review
#include <cairo.h>
#include <gtest/gtest.h>
#include <stb_image.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "tests/ui/golden_scenarios.h"
#include "zhidui_build_paths.h"

using namespace zhidui;
using golden::kOrientations;

namespace {

constexpr int kChannelTolerance = 16;
constexpr size_t kMaxDifferingPixels = 0;

std::string env_or(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}
bool env_flag(const char* name) { return env_or(name, "") == "1"; }
std::string golden_dir() { return env_or("ZHIDUI_SOURCE_DIR", ZHIDUI_SOURCE_DIR) + "/tests/ui/golden"; }
std::string actual_dir() { return env_or("ZHIDUI_BUILD_DIR", ZHIDUI_BUILD_DIR) + "/golden-actual"; }

struct Image {
  int width = 0, height = 0;
  std::vector<uint8_t> rgba;
};

std::optional<Image> load_png(const std::string& path) {
  Image img;
  int n = 0;
  stbi_uc* data = stbi_load(path.c_str(), &img.width, &img.height, &n, 4);
  if (!data) return std::nullopt;
  img.rgba.assign(data, data + size_t(img.width) * size_t(img.height) * 4);
  stbi_image_free(data);
  return img;
}

// Written through cairo (libpng + zlib) rather than stb_image_write: a third smaller for these flat screens,
// which matters for ~50 full-resolution images kept in git. Stored as RGB: the screen is opaque.
bool write_png(const std::string& path, const Image& img) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, img.width, img.height);
  cairo_surface_flush(surface);
  unsigned char* data = cairo_image_surface_get_data(surface);
  const int stride = cairo_image_surface_get_stride(surface);
  for (int y = 0; y < img.height; ++y) {
    auto* row = reinterpret_cast<uint32_t*>(data + size_t(y) * size_t(stride));
    for (int x = 0; x < img.width; ++x) {
      const uint8_t* p = &img.rgba[(size_t(y) * size_t(img.width) + size_t(x)) * 4];
      row[x] = (uint32_t(p[0]) << 16) | (uint32_t(p[1]) << 8) | uint32_t(p[2]);
    }
  }
  cairo_surface_mark_dirty(surface);
  const bool ok = cairo_surface_write_to_png(surface, path.c_str()) == CAIRO_STATUS_SUCCESS;
  cairo_surface_destroy(surface);
  return ok;
}

struct Comparison {
  bool same_size = true;
  size_t differing = 0;
  int x0 = 0, y0 = 0, x1 = -1, y1 = -1;  // bounding box of the differing pixels, inclusive
  Image diff;
};

Comparison compare(const Image& golden, const Image& actual) {
  Comparison c;
  if (golden.width != actual.width || golden.height != actual.height) {
    c.same_size = false;
    c.differing = size_t(actual.width) * size_t(actual.height);
    c.diff = actual;
    return c;
  }
  c.diff = golden;
  c.x0 = golden.width;
  c.y0 = golden.height;
  for (int y = 0; y < golden.height; ++y) {
    for (int x = 0; x < golden.width; ++x) {
      size_t i = (size_t(y) * size_t(golden.width) + size_t(x)) * 4;
      const uint8_t* g = &golden.rgba[i];
      const uint8_t* a = &actual.rgba[i];
      bool differs = false;
      for (int k = 0; k < 3; ++k) differs = differs || std::abs(int(g[k]) - int(a[k])) > kChannelTolerance;
      uint8_t* d = &c.diff.rgba[i];
      if (differs) {
        ++c.differing;
        c.x0 = std::min(c.x0, x), c.y0 = std::min(c.y0, y), c.x1 = std::max(c.x1, x), c.y1 = std::max(c.y1, y);
        d[0] = 255, d[1] = 0, d[2] = 0;
      } else {
        // The golden faded to a light grey, so the red stands out and the layout stays recognisable.
        uint8_t grey = uint8_t((int(g[0]) * 30 + int(g[1]) * 59 + int(g[2]) * 11) / 100);
        d[0] = d[1] = d[2] = uint8_t(178 + grey * 77 / 255);
      }
      d[3] = 255;
    }
  }
  if (c.differing > 0) {  // outline the bounding box, 3 px, magenta
    auto put = [&](int x, int y) {
      if (x < 0 || y < 0 || x >= golden.width || y >= golden.height) return;
      uint8_t* d = &c.diff.rgba[(size_t(y) * size_t(golden.width) + size_t(x)) * 4];
      d[0] = 255, d[1] = 0, d[2] = 255;
    };
    for (int t = 3; t <= 5; ++t) {
      for (int x = c.x0 - t; x <= c.x1 + t; ++x) put(x, c.y0 - t), put(x, c.y1 + t);
      for (int y = c.y0 - t; y <= c.y1 + t; ++y) put(c.x0 - t, y), put(c.x1 + t, y);
    }
  }
  return c;
}

std::string test_name(const golden::Scenario& s, const golden::Orientation& o) {
  std::string n = std::string(o.name) + "_" + s.name;
  std::replace(n.begin(), n.end(), '-', '_');
  return n;
}

class Golden : public ::testing::TestWithParam<std::tuple<size_t, size_t>> {};

TEST_P(Golden, MatchesTheReviewedImage) {
  const golden::Scenario& scenario = golden::scenarios()[std::get<0>(GetParam())];
  const golden::Orientation& orientation = kOrientations[std::get<1>(GetParam())];
  const std::string rel = std::string(orientation.name) + "/" + scenario.name;
  const std::string golden_path = golden_dir() + "/" + rel + ".png";
  const std::string actual_path = actual_dir() + "/" + rel + ".png";
  const std::string diff_path = actual_dir() + "/" + rel + ".diff.png";
  const std::string verdict_path = actual_dir() + "/" + rel + ".txt";
  std::error_code ec;
  for (const auto& p : {actual_path, diff_path, verdict_path}) std::filesystem::remove(p, ec);

  auto harness = golden::Harness::create(orientation);
  ASSERT_TRUE(harness.ok()) << harness.error().message;
  golden::Harness& h = *harness.value();
  Status driven = scenario.drive(h);
  ASSERT_TRUE(driven.ok()) << "scenario " << scenario.name << " (" << orientation.name
                           << ") could not reach its state: " << driven.error().message;
  auto pixels = h.capture();
  ASSERT_TRUE(pixels.ok()) << pixels.error().message;
  Image actual{orientation.width, orientation.height, std::move(pixels.value())};

  const bool update = env_flag("ZHIDUI_GOLDEN_UPDATE"), review = env_flag("ZHIDUI_GOLDEN_REVIEW");
  auto golden = load_png(golden_path);
  std::string verdict;
  Comparison c;
  if (!golden) {
    verdict = "missing";
  } else {
    c = compare(*golden, actual);
    if (!c.same_size) verdict = "size";
    else if (c.differing > kMaxDifferingPixels) verdict = "differs";
    else verdict = "matches";
  }
  const bool ok = verdict == "matches";
  if (!ok || review) {
    ASSERT_TRUE(write_png(actual_path, actual)) << actual_path;
    if (golden) {
      ASSERT_TRUE(write_png(diff_path, c.diff)) << diff_path;
    }
    std::ofstream(verdict_path) << verdict << "\t" << c.differing << "\t" << c.x0 << "," << c.y0 << "," << c.x1
                                << "," << c.y1 << "\t" << scenario.description << "\n";
  }
  if (update && !ok) {
    ASSERT_TRUE(write_png(golden_path, actual)) << golden_path;
    std::printf("golden %s written: look at it before committing\n", golden_path.c_str());
    return;
  }
  const char* how = "Look at them side by side with `make golden-review` (build/golden-review/index.html); if the "
                    "change is intended, run `make golden-update` and commit tests/ui/golden/.";
  if (verdict == "missing") {
    FAIL() << "no golden for " << rel << " (" << scenario.description << "). Rendered to " << actual_path << ". "
           << how;
  } else if (verdict == "size") {
    FAIL() << rel << ": golden is " << golden->width << "x" << golden->height << ", the screen is "
           << actual.width << "x" << actual.height << ". Actual: " << actual_path << ". " << how;
  } else if (verdict == "differs") {
    FAIL() << rel << ": " << c.differing << " pixels differ by more than " << kChannelTolerance
           << " in a channel, within x " << c.x0 << ".." << c.x1 << ", y " << c.y0 << ".." << c.y1
           << ". Actual: " << actual_path << ", diff: " << diff_path << ". " << how;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Screens, Golden,
    ::testing::Combine(::testing::Range<size_t>(0, golden::scenarios().size()),
                       ::testing::Range<size_t>(0, std::size(kOrientations))),
    [](const ::testing::TestParamInfo<Golden::ParamType>& info) {
      return test_name(golden::scenarios()[std::get<0>(info.param)], kOrientations[std::get<1>(info.param)]);
    });

TEST(GoldenTable, NamesAreUniqueFileNames) {
  std::set<std::string> seen;
  for (const auto& s : golden::scenarios()) {
    std::string n = s.name;
    EXPECT_FALSE(n.empty());
    EXPECT_EQ(n.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-"), std::string::npos) << n;
    EXPECT_TRUE(seen.insert(n).second) << "two scenarios named " << n;
  }
}

// A golden whose scenario was renamed or removed would never be compared again: it must go.
TEST(GoldenTable, EveryStoredImageHasAScenario) {
  std::set<std::string> names;
  for (const auto& s : golden::scenarios()) names.insert(s.name);
  for (const auto& o : kOrientations) {
    std::filesystem::path dir = std::filesystem::path(golden_dir()) / o.name;
    if (!std::filesystem::exists(dir)) continue;
    for (const auto& f : std::filesystem::directory_iterator(dir))
      EXPECT_TRUE(names.count(f.path().stem().string()))
          << f.path() << " belongs to no scenario in tests/ui/golden_scenarios.cpp: delete it or restore the scenario";
  }
}

}  // namespace
