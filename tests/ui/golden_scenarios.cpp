// golden_scenarios.cpp — see golden_scenarios.h. Sections: applicants · harness · journey steps shared by
// scenarios · the scenario table (add new states at its end or next to their relatives).
#include "tests/ui/golden_scenarios.h"

#include <stb_image.h>
#include <unistd.h>

#include <algorithm>
#include <deque>
#include <filesystem>

#include "kiosk/strings.h"
#include "zhidui_build_paths.h"

namespace zhidui::golden {

// --- applicants ------------------------------------------------------------------------------------------

Identity applicant() {
  Identity id;
  id.name = "龚喆";  // 喆 is in no base set: the atlas grows between frames, as in the hall
  id.id_number = "430104199003070015";
  id.sex = "男";
  id.birth_date = "19900307";
  id.address = "湖南省长沙市岳麓区麓山南路932号";
  return id;
}

// 28: young enough for the talent housing subsidies (at most 35).
Identity graduate() {
  Identity id = applicant();
  id.id_number = "430104199803070021";
  id.birth_date = "19980307";
  return id;
}

Identity elder_applicant() {
  Identity id = applicant();
  id.id_number = "430302195804120027";
  id.birth_date = "19580412";
  return id;
}

Identity unverifiable_applicant() {
  Identity id = applicant();
  id.id_number = "430104199003070011";  // wrong check digit: no birth date can be trusted from it
  id.birth_date.clear();
  return id;
}

// --- harness ------------------------------------------------------------------------------------------------

namespace {

constexpr const char* kAcceptanceNo = "HN20261125000007";
constexpr const char* kEnterpriseUscc = "91430104MA4L1A2B39";

const Catalog& shipped_catalog() {
  static const Catalog catalog = [] {
    auto c = load_catalog(std::string(ZHIDUI_ASSETS_DIR) + "/catalog/catalog.json");
    assert(c.ok() && "the shipped catalog must load for golden scenarios");
    return std::move(c.value());
  }();
  return catalog;
}

Status install_shipped_strings() {
  static bool installed = false;
  if (installed) return Ok{};
  auto s = Strings::load_kiosk(std::string(ZHIDUI_ASSETS_DIR));
  if (!s) return s.error();
  install_strings(std::move(s.value()));
  installed = true;
  return Ok{};
}

Result<Enterprise> golden_enterprise(const std::string& uscc) {
  if (uscc != kEnterpriseUscc) return make_error("enterprise.not_found", "not in the golden register");
  Enterprise e;
  e.uscc = uscc;
  e.name = "长沙岳麓山智造科技有限公司";
  e.legal_rep_masked = "张*";
  e.region_code = "430104";
  return e;
}

// As the platform's answer reads after runtime/service_worker.h's mapping (labels from the lifecycle).
ProgressAnswer golden_progress() {
  ProgressAnswer a;
  ProgressEntry returned;
  returned.policy_title = "长沙市高校毕业生租房和生活补贴";
  returned.acceptance_no = "HN20261123000007";
  returned.submitted_at = "2026-11-23 14:05";
  returned.status = "returned";
  returned.status_label = "需补正";
  returned.timeline = {{"accepted", "2026-11-23 14:05", ""},
                       {"returned", "2026-11-24 10:20", "请补充上传劳动合同首页及签字页"}};
  ProgressEntry first;
  first.policy_title = "长沙市一次性创业补贴";
  first.acceptance_no = "HN20261120000031";
  first.submitted_at = "2026-11-20 09:12";
  first.status = "joint_review";
  first.status_label = "联合审核中";
  first.timeline = {{"submitted", "2026-11-20 09:12", ""},
                    {"accepted", "2026-11-20 09:13", ""},
                    {"joint_review", "2026-11-21 15:40", "人社、市场监管部门联合审核中"}};
  ProgressEntry second;
  second.policy_title = "湖南省高龄津贴";
  second.acceptance_no = "HN20261002000118";
  second.submitted_at = "2026-10-02 10:30";
  second.status = "paid";
  second.status_label = "已兑现";
  second.timeline = {{"submitted", "2026-10-02 10:30", ""},
                     {"approved", "2026-10-09 16:00", ""},
                     {"paid", "2026-10-15 10:00", "已发放至社保卡银行账户"}};
  a.entries = {returned, first, second};
  return a;
}

drivers::DeviceStatus device(drivers::DeviceClass c, drivers::DeviceState state, drivers::Severity severity,
                             std::string code = "", std::string detail = "") {
  drivers::DeviceStatus d;
  d.device_class = c;
  d.state = state;
  d.severity = severity;
  d.code = std::move(code);
  d.detail = std::move(detail);
  return d;
}

}  // namespace

Result<std::unique_ptr<Harness>> Harness::create(const Orientation& orientation) {
  if (auto s = install_shipped_strings(); !s) return s.error();
  std::unique_ptr<Harness> h(new Harness);
  Harness* self = h.get();
  h->width_ = orientation.width;
  h->height_ = orientation.height;
  h->scratch_png_ = (std::filesystem::temp_directory_path() /
                     ("zhidui-golden-" + std::to_string(::getpid()) + "-" + orientation.name + ".png"))
                        .string();

  SessionServices sv;
  sv.technician_pin_hash = TechnicianAuth::kDemoPinHash;  // PIN 135790
  sv.save_async = [self](offline::NewApplication a) {
    self->last_saved_uuid_ = a.uuid;
    if (!self->fakes_.store_answers) return;
    Status result = self->fakes_.store_fails ? Status(make_error("store.io", "disk full (golden fake)")) : Ok{};
    self->events_.push(ev::SubmitSaved{a.uuid, result});
  };
  sv.wake_sync = [self] {
    if (self->last_saved_uuid_.empty()) return;
    using K = offline::SyncEvent::Kind;
    switch (self->fakes_.platform) {
      case FakeBehaviour::Platform::acknowledges:
        self->events_.push(ev::Sync{{K::acknowledged, self->last_saved_uuid_, kAcceptanceNo, ""}});
        break;
      case FakeBehaviour::Platform::rejects:
        self->events_.push(ev::Sync{{K::dead, self->last_saved_uuid_, "", "policy closed (golden fake)"}});
        break;
      case FakeBehaviour::Platform::silent: break;
    }
  };
  sv.save_rating_async = [self](std::string uuid, std::string) {
    if (self->fakes_.rating_store_answers) self->events_.push(ev::RatingSaved{uuid, Ok{}});
  };
  sv.print_receipt_async = [self](ReceiptData r, bool self_test) {
    if (!self->fakes_.printer_answers) return;
    Result<std::string> where = std::string("memory");
    if (self->fakes_.printer_fails) where = make_error("printer.paper_out", "paper out (golden fake)");
    self->events_.push(ev::ReceiptPrinted{r.uuid, std::move(where), self_test});
  };
  sv.lookup_enterprise_async = [self](std::string uscc) {
    if (!self->fakes_.platform_reachable) {
      self->events_.push(ev::EnterpriseLooked{uscc, make_error("platform.transport", "unreachable (golden fake)")});
      return;
    }
    self->events_.push(ev::EnterpriseLooked{uscc, golden_enterprise(uscc)});
  };
  sv.check_representative_async = [self](std::string uscc, std::string) {
    self->events_.push(ev::RepresentativeChecked{uscc, self->fakes_.is_legal_representative});
  };
  sv.query_progress_async = [self](ProgressQuery) {
    ProgressAnswer answer = golden_progress();
    answer.last_known = self->fakes_.progress_last_known;
    if (answer.last_known)  // the kiosk's own store has status codes only
      for (ProgressEntry& e : answer.entries) e.status_label.clear();
    self->events_.push(ev::ProgressLoaded{answer});
  };
  sv.print_a4_async = [self](ReceiptData) { self->events_.push(ev::A4Printed{Ok{}}); };
  sv.kiosk_region = "430104";
  sv.now_iso_utc = [] { return std::string("2026-11-25T03:00:00Z"); };
  sv.now_local = [] { return std::string("2026-11-25 11:00"); };
  sv.kiosk_id = "HN-CS-0001";
  sv.hall = "岳麓区政务服务中心";
  sv.technician_snapshot = [] {
    TechnicianSnapshot t;
    t.queue_known = true;
    t.pending = 2;
    t.done = 41;
    t.dead = 1;
    t.dead_letters = {{7, "application", "3f2b9c1e-5d4a-4f7e-9a51-2b6c8d0e1f23", 1, "422 policy closed (golden fake)"}};
    t.settings = {{"kiosk.id", "HN-CS-0001"}, {"kiosk.region_code", "430104"},
                  {"platform.url", "https://platform.example.gov.cn"}, {"platform.token", "ab…(32 chars)"},
                  {"receipt_printer", "usb /dev/usb/lp0"}, {"timeouts.idle_seconds", "120"},
                  {"voice", "on, volume 70"}};
    t.settings_saved_to_file = true;
    t.text_settings = {{"kiosk.id", "HN-CS-0001", false},
                       {"kiosk.hall", "岳麓区政务服务中心", false},
                       {"kiosk.region_code", "430104", false},
                       {"platform.url", "https://platform.example.gov.cn", false},
                       {"platform.token", "已设置（32 位）", true},
                       {"devices.id_reader.port", "/dev/ttyUSB0", false},
                       {"devices.receipt_printer.path", "/dev/usb/lp0", false}};
    t.voice_volume = 70;
    t.idle_seconds = 120;
    t.platform_wait_seconds = 8;
    t.connect_timeout_seconds = 5;
    t.total_timeout_seconds = 20;
    t.recent_log = {"2026-11-25T02:58:10Z info session: screen home -> identify",
                    "2026-11-25T02:58:14Z info session: ID card read; citizen session started",
                    "2026-11-25T02:59:02Z warn session: receipt printing failed: printer.paper_out"};
    return t;
  };
  // The configuration file's own check, as the kiosk's would answer (the real one: ConfigEdit tests and
  // the e2e RuntimeWithDevices test).
  sv.set_text_setting = [](const std::string& key, const std::string& value) -> Result<std::string> {
    if (key == "kiosk.region_code" && (value.size() != 6 || !value.starts_with("43")))
      return make_error("config.invalid", "/etc/zhidui/zhidui.toml: kiosk.region_code: \"" + value +
                                              "\" is not a 6-digit Hunan region code (43xxxx, e.g. 430104)");
    return value;
  };
  h->session_ = std::make_unique<Session>(shipped_catalog(), std::move(sv));
  h->app_ = std::make_unique<ui::App>(*h->session_, h->events_);

  ui::AppOptions opts;
  opts.headless = true;
  opts.width = orientation.width;
  opts.height = orientation.height;
  opts.rasterize = false;
  opts.clock = [self] { return self->now_ms_; };
  for (const auto& item : shipped_catalog().items) {
    opts.extra_texts.push_back(item.title);
    opts.extra_texts.push_back(item.guide.beneficiaries);
  }
  if (auto s = h->app_->init(opts); !s) return s.error();
  return h;
}

Status Harness::expect_screen(Screen s) const {
  if (session_->screen() == s) return Ok{};
  return make_error("golden.screen", std::string("expected screen ") + to_string(s) + ", on " +
                                         to_string(session_->screen()));
}

Status Harness::tap(const std::string& widget) {
  // Not in view (in 长辈模式 fewer items fit): drag as a person would, a quarter screen at a time, from
  // one place until nothing moves any more, then from the next (landscape screens may have a second
  // scrolling column on the right; a keyboard may cover the lower half); first up, then back down
  // (a focused field may have scrolled the form past what is wanted).
  auto layout = [this] {
    std::vector<float> ys;
    for (const auto& [name, r] : app_->widgets().all()) ys.push_back(r.y0);
    return ys;
  };
  constexpr std::pair<float, float> kStarts[] = {{0.4f, 0.55f}, {0.75f, 0.55f}, {0.4f, 0.35f}, {0.75f, 0.35f}};
  for (float direction : {-1.0f, 1.0f})
  for (auto [fx, fy] : kStarts) {
    for (int drags = 0; !app_->widgets().find(widget) && drags < 20; ++drags) {
      const auto before = layout();
      const float x = float(width_) * fx, from = float(height_) * fy, to = from + direction * float(height_) * 0.25f;
      app_->input().pointer_down(x, from);
      app_->run_frames(1);
      for (int k = 1; k <= 8; ++k) {
        app_->input().pointer_move(x, from + (to - from) * float(k) / 8);
        app_->run_frames(1);
      }
      app_->input().pointer_up(x, to);
      settle();
      if (layout() == before) break;  // this place does not scroll (any further)
    }
  }
  if (!app_->tap(widget))
    return make_error("golden.tap", "no widget '" + widget + "' on screen " + to_string(session_->screen()));
  settle(2);
  return Ok{};
}

Status Harness::type_digits(const std::string& digits) {
  for (char c : digits)
    if (auto s = tap(std::string("key.") + c); !s) return s;
  return Ok{};
}

Status Harness::push(Event event) {
  events_.push(std::move(event));
  settle();
  return Ok{};
}

Result<std::vector<uint8_t>> Harness::capture() {
  settle(2);
  app_->set_rasterize(true);
  app_->frame();
  app_->set_rasterize(false);
  if (auto s = app_->screenshot(scratch_png_); !s) return s.error();
  int w = 0, h = 0, n = 0;
  stbi_uc* data = stbi_load(scratch_png_.c_str(), &w, &h, &n, 4);
  std::error_code ec;
  std::filesystem::remove(scratch_png_, ec);
  if (!data) return make_error("golden.capture", "cannot read back the screenshot " + scratch_png_);
  std::vector<uint8_t> px(data, data + size_t(w) * size_t(h) * 4);
  stbi_image_free(data);
  if (w != width_ || h != height_)
    return make_error("golden.capture", "screenshot is " + std::to_string(w) + "x" + std::to_string(h));
  // Masked regions: a flat mid-grey with a dark diagonal hatch, so a reviewer sees they are intentional.
  for (const auto& name : masked_widgets) {
    auto r = app_->widgets().find(name);
    if (!r) continue;
    int x0 = std::max(0, int(r->x0)), y0 = std::max(0, int(r->y0));
    int x1 = std::min(w, int(r->x1)), y1 = std::min(h, int(r->y1));
    for (int y = y0; y < y1; ++y)
      for (int x = x0; x < x1; ++x) {
        uint8_t v = ((x + y) / 12) % 2 ? 0xB0 : 0x90;
        uint8_t* p = &px[(size_t(y) * size_t(w) + size_t(x)) * 4];
        p[0] = p[1] = p[2] = v;
        p[3] = 255;
      }
  }
  return px;
}

// --- journey steps shared by scenarios ----------------------------------------------------------------------

namespace {

#define GOLDEN_TRY(expr)         \
  do {                           \
    auto _s = (expr);            \
    if (!_s) return _s.error();  \
  } while (0)

constexpr const char* kPolicy = "cs-rlzy-ycxcybt";  // 长沙 一次性创业补贴: age 16–60, a phone field

Status home(Harness& h) {
  h.settle();
  return h.expect_screen(Screen::home);
}

Status identify(Harness& h) {
  GOLDEN_TRY(home(h));
  GOLDEN_TRY(h.tap("home.citizen"));
  return h.expect_screen(Screen::identify);
}

Status identify_failed(Harness& h, const char* code) {
  GOLDEN_TRY(identify(h));
  GOLDEN_TRY(h.push(ev::CardReadFailed{code}));
  return h.expect_screen(Screen::identify);
}

Status policy_list(Harness& h, Identity who = applicant()) {
  GOLDEN_TRY(home(h));
  GOLDEN_TRY(h.push(ev::CardInserted{std::move(who)}));
  return h.expect_screen(Screen::policy_list);
}

Status policy_detail(Harness& h, Identity who = applicant(), Verdict expected = Verdict::eligible) {
  GOLDEN_TRY(policy_list(h, std::move(who)));
  GOLDEN_TRY(h.tap(std::string("policy.") + kPolicy));
  GOLDEN_TRY(h.expect_screen(Screen::policy_detail));
  if (!h.session().eligibility() || h.session().eligibility()->verdict != expected)
    return make_error("golden.verdict", "the applicant's eligibility verdict is not the one this scenario shows");
  return Ok{};
}

Status form(Harness& h) {
  GOLDEN_TRY(policy_detail(h));
  GOLDEN_TRY(h.tap("detail.apply"));
  return h.expect_screen(Screen::form);
}

Status filled_form(Harness& h) {
  GOLDEN_TRY(form(h));
  if (h.app().widgets().find("field.phone")) GOLDEN_TRY(h.tap("field.phone"));
  return h.type_digits("13807310000");
}

// 下一步 → the materials (the one without an electronic licence brought later, 容缺) → the review.
Status review(Harness& h) {
  GOLDEN_TRY(filled_form(h));
  GOLDEN_TRY(h.tap("form.next"));
  if (h.session().screen() == Screen::materials) {
    for (const auto& m : h.session().materials())
      if (m.handling == MaterialHandling::undecided)
        GOLDEN_TRY(h.tap("material." + m.material->id + "." + std::to_string(int(MaterialHandling::later))));
    GOLDEN_TRY(h.tap("materials.next"));
  }
  return h.expect_screen(Screen::review);
}

Status submitted(Harness& h) {
  GOLDEN_TRY(review(h));
  GOLDEN_TRY(h.tap("review.submit"));
  h.settle();
  return Ok{};
}

Status materials(Harness& h) {
  GOLDEN_TRY(filled_form(h));
  GOLDEN_TRY(h.tap("form.next"));
  return h.expect_screen(Screen::materials);
}

// Strokes drawn through the input layer, as a finger would: a rough 张 across the pad.
Status draw_signature(Harness& h) {
  auto pad = h.app().widgets().find("signature.pad");
  if (!pad) return make_error("golden.signature", "no signature pad on screen");
  const float w = pad->x1 - pad->x0, hgt = pad->y1 - pad->y0;
  const std::vector<std::vector<std::pair<float, float>>> strokes = {
      {{0.20f, 0.30f}, {0.35f, 0.30f}, {0.33f, 0.45f}, {0.22f, 0.45f}, {0.20f, 0.62f}, {0.36f, 0.62f}, {0.30f, 0.78f}},
      {{0.50f, 0.25f}, {0.50f, 0.80f}},
      {{0.42f, 0.45f}, {0.70f, 0.45f}},
      {{0.52f, 0.55f}, {0.72f, 0.78f}},
      {{0.60f, 0.30f}, {0.75f, 0.22f}}};
  for (const auto& stroke : strokes) {
    auto at = [&](size_t i) { return std::make_pair(pad->x0 + stroke[i].first * w, pad->y0 + stroke[i].second * hgt); };
    auto [x0, y0] = at(0);
    h.app().input().pointer_down(x0, y0);
    h.app().run_frames(2);
    for (size_t i = 1; i < stroke.size(); ++i)
      for (int k = 1; k <= 6; ++k) {
        auto [ax, ay] = at(i - 1);
        auto [bx, by] = at(i);
        h.app().input().pointer_move(ax + (bx - ax) * float(k) / 6, ay + (by - ay) * float(k) / 6);
        h.app().run_frames(1);
      }
    auto [xe, ye] = at(stroke.size() - 1);
    h.app().input().pointer_up(xe, ye);
    h.settle();
  }
  return Ok{};
}

Status commitment(Harness& h) {
  GOLDEN_TRY(materials(h));
  GOLDEN_TRY(h.tap("material.operation_proof." + std::to_string(int(MaterialHandling::commitment))));
  return h.expect_screen(Screen::commitment);
}

Status type_keys(Harness& h, const std::string& prefix, const std::string& keys) {
  for (char c : keys) GOLDEN_TRY(h.tap(prefix + std::string(1, c)));
  return Ok{};
}

Status enterprise_identify(Harness& h, const std::string& typed) {
  GOLDEN_TRY(home(h));
  GOLDEN_TRY(h.tap("home.enterprise"));
  GOLDEN_TRY(h.expect_screen(Screen::enterprise_identify));
  return type_keys(h, "kb.alnum.", typed);
}

Status enterprise_role(Harness& h) {
  GOLDEN_TRY(enterprise_identify(h, kEnterpriseUscc));
  h.settle();
  return h.expect_screen(Screen::enterprise_role);
}

Status progress(Harness& h) {
  GOLDEN_TRY(home(h));
  GOLDEN_TRY(h.tap("home.progress"));
  return h.expect_screen(Screen::progress);
}

Status result(Harness& h, SubmitPhase expected) {
  GOLDEN_TRY(submitted(h));
  if (h.session().submit_phase() == SubmitPhase::waiting_platform) {
    h.advance(SessionConfig{}.platform_wait_ms + 1);  // the session stops waiting for the platform
    h.settle();
  }
  GOLDEN_TRY(h.expect_screen(Screen::result));
  if (h.session().submit_phase() != expected)
    return make_error("golden.phase", "the submission did not end in the phase this scenario shows");
  return Ok{};
}

// 办理其他事项 after an accepted application: back to the list with the same card.
Status another_application(Harness& h) {
  GOLDEN_TRY(result(h, SubmitPhase::accepted));
  GOLDEN_TRY(h.tap("result.apply_another"));
  return h.expect_screen(Screen::policy_list);
}

Status technician_pin(Harness& h) {
  GOLDEN_TRY(home(h));
  h.session().apply(act::OpenTechnician{}, h.now_ms());  // the 3-second hold is the window test's business
  h.settle();
  return h.expect_screen(Screen::technician_pin);
}

Status submit_pin(Harness& h) { return h.tap("tech.pin_submit"); }


Status known_devices(Harness& h) {
  using drivers::DeviceClass, drivers::DeviceState, drivers::Severity;
  GOLDEN_TRY(h.push(ev::DeviceChanged{device(DeviceClass::id_reader, DeviceState::online, Severity::ok)}));
  return h.push(ev::DeviceChanged{device(DeviceClass::receipt_printer, DeviceState::user_error, Severity::warning,
                                         "paper_low", "paper near end sensor")});
}
Status technician_panel(Harness& h) {
  GOLDEN_TRY(known_devices(h));
  GOLDEN_TRY(technician_pin(h));
  GOLDEN_TRY(h.type_digits("135790"));
  GOLDEN_TRY(submit_pin(h));
  return h.expect_screen(Screen::technician);
}

}  // namespace

// --- the scenario table -------------------------------------------------------------------------------------

namespace {

// 长辈模式 (issue 7): every screen a citizen or an enterprise representative sees, once more with the mode
// switched on at the home screen first, as an elderly visitor would, with the error and waiting states
// (refusals, a failed save, a printer still printing or out, the platform out of reach). Technician
// screens and the out-of-service screen (nothing to switch from) are left out; the idle countdown has its
// own entry because 长辈模式 doubles the timeout.
constexpr const char* kElderVariants[] = {
    "home", "identify-misplaced", "policy-list", "search-results", "policy-detail-eligible",
    "policy-detail-not-eligible", "form-validation-errors", "form-filled", "materials", "commitment-signed",
    "review", "submitting", "result-accepted", "result-saved-offline", "result-printer-failed",
    "result-rating-reasons", "form-remembered", "form-district", "enterprise-identify-typing", "enterprise-form", "enterprise-role", "enterprise-authorisation",
    "progress-shown", "help", "staff-called", "policy-detail-needs-review",
    "result-printing", "result-failed", "result-rejected", "progress-waiting", "progress-last-known",
    "enterprise-identify-invalid", "enterprise-unreachable", "enterprise-role-mismatch", "home-printer-degraded"};

Status elder_on(Harness& h) {
  GOLDEN_TRY(home(h));
  GOLDEN_TRY(h.tap("home.elder"));
  if (!h.session().elder_mode()) return make_error("golden.elder", "长辈模式 did not switch on");
  return Ok{};
}

std::vector<Scenario> with_elder_variants(std::vector<Scenario> table) {
  const size_t plain = table.size();
  for (const char* name : kElderVariants) {
    auto it = std::find_if(table.begin(), table.begin() + long(plain),
                           [&](const Scenario& s) { return std::string(s.name) == name; });
    static std::deque<std::string> names;  // Scenario holds const char*: stable strings for the process
    names.push_back(std::string("elder-") + name);
    if (it == table.begin() + long(plain)) {  // a misspelt name fails its test rather than vanish
      table.push_back({names.back().c_str(), "no such scenario", [](Harness&) -> Status {
                         return make_error("golden.elder", "kElderVariants names a scenario that does not exist");
                       }});
      continue;
    }
    table.push_back({names.back().c_str(), it->description, [drive = it->drive](Harness& h) -> Status {
                       GOLDEN_TRY(elder_on(h));
                       if (!drive) return Ok{};
                       GOLDEN_TRY(drive(h));
                       if (!h.session().elder_mode()) return make_error("golden.elder", "长辈模式 was lost on the way");
                       return Ok{};
                     }});
  }
  table.push_back({"elder-idle-countdown", "长辈模式 doubles the idle timeout: the countdown after 215 s",
                   [](Harness& h) -> Status {
                     GOLDEN_TRY(elder_on(h));
                     GOLDEN_TRY(policy_list(h));
                     h.advance(2 * SessionConfig{}.idle_timeout_ms - 25'000);
                     h.settle();
                     if (!h.session().idle_seconds_left(h.now_ms()))
                       return make_error("golden.idle", "the idle countdown is not showing");
                     return Ok{};
                   }});
  return table;
}

}  // namespace

// Built on first use (not a namespace-scope global): test instantiation and benchmark registration read it
// during static initialisation of other translation units.
const std::vector<Scenario>& scenarios() {
  static const std::vector<Scenario> table = with_elder_variants({
    {"home", "the home screen, all devices fine", home},
    {"home-printer-degraded", "home with the banner saying receipts are shown on screen only",
     [](Harness& h) -> Status {
       using drivers::DeviceClass, drivers::DeviceState, drivers::Severity;
       GOLDEN_TRY(h.push(ev::DeviceChanged{device(DeviceClass::receipt_printer, DeviceState::user_error,
                                                  Severity::error, "paper_out")}));
       return home(h);
     }},
    {"home-card-left", "完成 tapped with the ID card still on the reader: home asks for it to be taken",
     [](Harness& h) -> Status {
       GOLDEN_TRY(result(h, SubmitPhase::accepted));
       GOLDEN_TRY(h.tap("result.finish"));
       return h.expect_screen(Screen::home);
     }},
    {"home-network-offline", "home with the header showing the platform unreachable",
     [](Harness& h) -> Status {
       GOLDEN_TRY(h.push(ev::Sync{{offline::SyncEvent::Kind::offline, "", "", ""}}));
       return home(h);
     }},
    {"identify-waiting", "insert-your-card instruction with the reader animation", identify},
    {"identify-misplaced", "card placed badly: reposition prompt",
     [](Harness& h) { return identify_failed(h, "card.misplaced"); }},
    {"identify-unrecognised", "card not readable prompt", [](Harness& h) { return identify_failed(h, "card.unrecognised"); }},
    {"identify-unavailable", "reader not answering prompt", [](Harness& h) { return identify_failed(h, "reader.unavailable"); }},
    {"policy-list", "policies offered to a 36-year-old from Changsha", [](Harness& h) { return policy_list(h); }},
    {"policy-detail-eligible", "inform-once detail with the eligible verdict and the apply button",
     [](Harness& h) { return policy_detail(h); }},
    {"policy-detail-not-eligible", "detail for an applicant over 60: every failed condition, no apply button",
     [](Harness& h) { return policy_detail(h, elder_applicant(), Verdict::not_eligible); }},
    {"policy-detail-needs-review", "detail when the age cannot be verified at the kiosk: staff decide",
     [](Harness& h) { return policy_detail(h, unverifiable_applicant(), Verdict::needs_review); }},
    {"form-empty", "the form as it opens: card fields prefilled, the phone empty and focused", form},
    {"form-validation-errors", "下一步 with the phone missing: the error under the field",
     [](Harness& h) -> Status {
       GOLDEN_TRY(form(h));
       GOLDEN_TRY(h.tap("form.next"));
       return h.expect_screen(Screen::form);
     }},
    {"form-filled", "every field filled, ready for 下一步", filled_form},
    {"materials", "one material as an electronic licence, one still to choose (承诺 or 容缺)", materials},
    {"commitment-signed", "the 告知承诺 text in full and a signature drawn on the pad",
     [](Harness& h) -> Status {
       GOLDEN_TRY(commitment(h));
       return draw_signature(h);
     }},
    {"materials-after-commitment", "the commitment signed: the material shows 已签署承诺",
     [](Harness& h) -> Status {
       GOLDEN_TRY(commitment(h));
       GOLDEN_TRY(draw_signature(h));
       GOLDEN_TRY(h.tap("commitment.confirm"));
       return h.expect_screen(Screen::materials);
     }},
    {"review", "everything the application carries, masked, with 确认提交", review},
    {"search-results", "search by pinyin initials cy: the matching policies",
     [](Harness& h) -> Status {
       GOLDEN_TRY(policy_list(h));
       GOLDEN_TRY(h.tap("policies.search"));
       return type_keys(h, "kb.letter.", "cy");
     }},
    {"policy-list-cross-city", "长株潭跨域通办 items of the other two cities",
     [](Harness& h) -> Status {
       GOLDEN_TRY(policy_list(h));
       return h.tap("policies.scope_cross_city");
     }},
    {"enterprise-identify-typing", "the USCC half typed on the USCC keyboard",
     [](Harness& h) { return enterprise_identify(h, "91430104MA"); }},
    {"enterprise-identify-invalid", "18 characters with a wrong check character: the error",
     [](Harness& h) { return enterprise_identify(h, "91430104MA4L1A2B38"); }},
    {"enterprise-unreachable", "the platform cannot be reached: continue unverified is offered",
     [](Harness& h) -> Status {
       h.fakes().platform_reachable = false;
       return enterprise_identify(h, kEnterpriseUscc);
     }},
    {"enterprise-role", "the register's record and the two roles", enterprise_role},
    {"enterprise-role-mismatch", "the card is not the legal representative's: offered the 经办人 path",
     [](Harness& h) -> Status {
       h.fakes().is_legal_representative = false;
       GOLDEN_TRY(enterprise_role(h));
       GOLDEN_TRY(h.tap("enterprise.role_legal"));
       GOLDEN_TRY(h.push(ev::CardInserted{applicant()}));
       return h.expect_screen(Screen::enterprise_role);
     }},
    {"enterprise-authorisation", "the 经办人 signs the authorisation commitment",
     [](Harness& h) -> Status {
       GOLDEN_TRY(enterprise_role(h));
       GOLDEN_TRY(h.tap("enterprise.role_agent"));
       GOLDEN_TRY(h.push(ev::CardInserted{applicant()}));
       GOLDEN_TRY(h.expect_screen(Screen::commitment));
       return draw_signature(h);
     }},
    {"enterprise-form", "the legal representative's form: the bank chosen from the list, the account typed twice",
     [](Harness& h) -> Status {
       GOLDEN_TRY(enterprise_role(h));
       GOLDEN_TRY(h.tap("enterprise.role_legal"));
       GOLDEN_TRY(h.push(ev::CardInserted{applicant()}));
       GOLDEN_TRY(h.expect_screen(Screen::policy_list));
       GOLDEN_TRY(h.tap("policy.cs-rs-wgfh"));
       GOLDEN_TRY(h.tap("detail.apply"));
       GOLDEN_TRY(h.expect_screen(Screen::form));
       return h.tap("choice.bank_name.8");  // 长沙银行
     }},
    {"enterprise-form-not-eligible", "专精特新 with a revenue over the 4亿 limit: 下一步 keeps the form and says why",
     [](Harness& h) -> Status {
       GOLDEN_TRY(enterprise_role(h));
       GOLDEN_TRY(h.tap("enterprise.role_legal"));
       GOLDEN_TRY(h.push(ev::CardInserted{applicant()}));
       GOLDEN_TRY(h.expect_screen(Screen::policy_list));
       GOLDEN_TRY(h.tap("policy.hn-gxt-zjtxxjr"));
       GOLDEN_TRY(h.tap("detail.apply"));
       GOLDEN_TRY(h.expect_screen(Screen::form));
       GOLDEN_TRY(h.tap("field.contact_phone"));
       GOLDEN_TRY(h.type_digits("13807310000"));
       GOLDEN_TRY(h.tap("choice.bank_name.8"));  // 长沙银行
       for (const auto& [field, digits] : {std::pair{"field.bank_account", "6222021234567890128"},
                                           {"field.bank_account#confirm", "6222021234567890128"},
                                           {"field.revenue", "52000"},
                                           {"field.employees", "300"}}) {
         GOLDEN_TRY(h.tap(field));
         GOLDEN_TRY(h.type_digits(digits));
       }
       GOLDEN_TRY(h.tap("form.next"));
       GOLDEN_TRY(h.expect_screen(Screen::form));
       if (h.session().form_refusal().empty()) return make_error("golden.refusal", "the form was not refused");
       return Ok{};
     }},
    {"form-district", "长沙 talent housing subsidy: degree and work district chosen by name, no typing",
     [](Harness& h) -> Status {
       GOLDEN_TRY(policy_list(h, graduate()));
       GOLDEN_TRY(h.tap("policy.cs-rc-zfshbt"));
       GOLDEN_TRY(h.tap("detail.apply"));
       GOLDEN_TRY(h.expect_screen(Screen::form));
       GOLDEN_TRY(h.tap("choice.degree.1"));
       return h.tap("choice.work_district.2");  // 岳麓区
     }},
    {"progress-waiting", "进度查询 asks for the card or a receipt QR", progress},
    {"progress-shown", "three applications with their status timelines: returned for supplement (需补正), in joint review, paid",
     [](Harness& h) -> Status {
       GOLDEN_TRY(progress(h));
       return h.push(ev::CardInserted{applicant()});
     }},
    {"progress-last-known", "platform unreachable: the kiosk's last known states under a banner",
     [](Harness& h) -> Status {
       h.fakes().progress_last_known = true;
       GOLDEN_TRY(progress(h));
       return h.push(ev::CardInserted{applicant()});
     }},
    {"help", "how a visit goes, privacy, where to get help",
     [](Harness& h) -> Status {
       GOLDEN_TRY(home(h));
       return h.tap("home.help");
     }},
    {"staff-called", "呼叫工作人员 tapped on the policy list: the notice",
     [](Harness& h) -> Status {
       GOLDEN_TRY(policy_list(h));
       return h.tap("common.call_staff");
     }},
    {"submitting", "the store has not answered yet (spinner at a fixed phase)",
     [](Harness& h) -> Status {
       h.fakes().store_answers = false;
       GOLDEN_TRY(submitted(h));
       return h.expect_screen(Screen::submitting);
     }},
    {"result-accepted", "acceptance number, receipt printed, rating offered",
     [](Harness& h) { return result(h, SubmitPhase::accepted); }},
    {"result-saved-offline", "saved, the platform did not answer in time: uploads later",
     [](Harness& h) {
       h.fakes().platform = FakeBehaviour::Platform::silent;
       return result(h, SubmitPhase::saved_offline);
     }},
    {"result-rejected", "saved, but the platform refused it",
     [](Harness& h) {
       h.fakes().platform = FakeBehaviour::Platform::rejects;
       return result(h, SubmitPhase::rejected);
     }},
    {"result-failed", "the store could not save: nothing was submitted",
     [](Harness& h) {
       h.fakes().store_fails = true;
       return result(h, SubmitPhase::failed);
     }},
    {"result-printer-failed", "accepted, but the receipt printer failed: the receipt stays on screen",
     [](Harness& h) {
       h.fakes().printer_fails = true;
       return result(h, SubmitPhase::accepted);
     }},
    {"result-printing", "accepted while the receipt printer is still printing: the screen does not wait for it",
     [](Harness& h) {
       h.fakes().printer_answers = false;
       return result(h, SubmitPhase::accepted);
     }},
    {"result-rating-reasons", "a poor rating asks for reasons; one chosen",
     [](Harness& h) -> Status {
       GOLDEN_TRY(result(h, SubmitPhase::accepted));
       GOLDEN_TRY(h.tap("rating.2"));
       return h.tap("rating.reason.complex");
     }},
    {"result-a4-printed", "accepted; the A4 copy asked for and printed",
     [](Harness& h) -> Status {
       GOLDEN_TRY(result(h, SubmitPhase::accepted));
       GOLDEN_TRY(h.tap("result.a4"));
       h.settle();
       return Ok{};
     }},
    {"result-rated", "thanks after a rating was saved",
     [](Harness& h) -> Status {
       GOLDEN_TRY(result(h, SubmitPhase::accepted));
       return h.tap("rating.5");
     }},
    {"policy-detail-already-applied", "办理其他政策, then the policy just applied for: not a second time",
     [](Harness& h) -> Status {
       GOLDEN_TRY(another_application(h));
       GOLDEN_TRY(h.tap(std::string("policy.") + kPolicy));
       return h.expect_screen(Screen::policy_detail);
     }},
    {"form-remembered", "a second policy in the same session: the phone typed before is offered, no keyboard",
     [](Harness& h) -> Status {
       GOLDEN_TRY(another_application(h));
       GOLDEN_TRY(h.tap("policy.hn-rlzy-jntsbt"));
       GOLDEN_TRY(h.tap("detail.apply"));
       return h.expect_screen(Screen::form);
     }},
    {"idle-countdown", "no touch for 95 s on the policy list: the 25 s countdown",
     [](Harness& h) -> Status {
       GOLDEN_TRY(policy_list(h));
       SessionConfig c;
       h.advance(c.idle_timeout_ms - 25'000);
       h.settle();
       if (!h.session().idle_seconds_left(h.now_ms()))
         return make_error("golden.idle", "the idle countdown is not showing");
       return Ok{};
     }},
    {"out-of-service", "the ID-card reader is offline: no way into a journey",
     [](Harness& h) -> Status {
       using drivers::DeviceClass, drivers::DeviceState, drivers::Severity;
       GOLDEN_TRY(h.push(ev::DeviceChanged{device(DeviceClass::id_reader, DeviceState::offline, Severity::error)}));
       return h.expect_screen(Screen::out_of_service);
     }},
    {"technician-pin", "the PIN pad with two digits entered", [](Harness& h) -> Status {
       GOLDEN_TRY(technician_pin(h));
       return h.type_digits("13");
     }},
    {"technician-pin-locked", "three wrong PINs: locked for 30 s",
     [](Harness& h) -> Status {
       GOLDEN_TRY(technician_pin(h));
       for (const char* pin : {"1111", "2222", "3333"}) {
         GOLDEN_TRY(h.type_digits(pin));
         GOLDEN_TRY(submit_pin(h));
       }
       return h.expect_screen(Screen::technician_pin);
     }},
    {"technician-panel", "devices, upload queue, recent log, take out of service",
     [](Harness& h) -> Status { return technician_panel(h); }},
    {"technician-edit", "the kiosk id typed on the ASCII keyboard, capitals on",
     [](Harness& h) -> Status {
       GOLDEN_TRY(technician_panel(h));
       GOLDEN_TRY(h.tap("tech.edit.kiosk.id"));
       for (int i = 0; i < 4; ++i) GOLDEN_TRY(h.tap("kb.ascii.backspace"));
       GOLDEN_TRY(h.tap("kb.ascii.shift"));
       for (const char* k : {"Y", "L", "-", "0", "2"}) GOLDEN_TRY(h.tap(std::string("kb.ascii.") + k));
       return h.expect_screen(Screen::technician);
     }},
    {"technician-edit-refused", "a region code the file's check refuses: the editor stays, naming the key",
     [](Harness& h) -> Status {
       GOLDEN_TRY(technician_panel(h));
       GOLDEN_TRY(h.tap("tech.edit.kiosk.region_code"));
       GOLDEN_TRY(h.tap("kb.ascii.backspace"));
       GOLDEN_TRY(h.tap("tech.save"));
       if (!h.session().setting_edit() || h.session().setting_edit()->error.empty())
         return make_error("golden.state", "the refused value should stay in the editor with its reason");
       return h.expect_screen(Screen::technician);
     }},
    {"technician-restart", "a line saved for the next start: 立即重启 is offered",
     [](Harness& h) -> Status {
       GOLDEN_TRY(technician_panel(h));
       GOLDEN_TRY(h.tap("tech.edit.devices.id_reader.port"));
       GOLDEN_TRY(h.tap("kb.ascii.backspace"));
       GOLDEN_TRY(h.tap("kb.ascii.1"));
       GOLDEN_TRY(h.tap("tech.save"));
       if (!h.session().restart_needed()) return make_error("golden.state", "a saved line should offer the restart");
       return h.expect_screen(Screen::technician);
     }},
    {"technician-crash-loop", "paused after three unclean exits: the panel says why and can put it back",
     [](Harness& h) -> Status {
       GOLDEN_TRY(known_devices(h));
       h.session().report_crash_loop(
           "crash loop: the kiosk stopped unexpectedly 3 times in the last 4 minutes (see journalctl -u "
           "zhidui-kiosk); it pauses service until a technician puts it back",
           0);
       GOLDEN_TRY(h.expect_screen(Screen::out_of_service));
       h.session().apply(act::OpenTechnician{}, h.now_ms());  // reachable from 暂停服务 too
       h.settle();
       GOLDEN_TRY(h.expect_screen(Screen::technician_pin));
       GOLDEN_TRY(h.type_digits("135790"));
       GOLDEN_TRY(submit_pin(h));
       return h.expect_screen(Screen::technician);
     }},
  });
  return table;
}

}  // namespace zhidui::golden
