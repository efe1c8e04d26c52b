// runtime_services_test.cpp — the session services the runtime wires (runtime/service_worker.h,
// kiosk/a4_receipt.h): the mappings from the platform's answers, 进度查询's fallback to this kiosk's own
// store (labelled last known), the A4 receipt page (masked values only), and each service on its worker
// thread against a real platform-sim process and a real private cupsd.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <thread>

#include "drivers/a4_printer/cups_a4_printer.h"
#include "drivers/a4_printer/private_cupsd.h"
#include "kiosk/a4_receipt.h"
#include "base/mask.h"
#include "base/uuid.h"
#include "base/clock.h"
#include "runtime/service_worker.h"
#include "kiosk/strings.h"
#include "offline/store.h"
#include "tests/offline/platform_sim_process.h"
#include "zhidui_build_paths.h"

namespace zhidui {
namespace {

namespace fs = std::filesystem;
using testing::PlatformSimProcess;

constexpr const char* kKiosk = "HN-4301-YL-0099";
constexpr const char* kPolicyId = "cs-rlzy-ycxcybt";       // in the shipped catalog
constexpr const char* kYueluUscc = "91430104MA4L1A2B39";   // demo register: 张伟 is legal representative
constexpr const char* kClosedUscc = "91430211MA4M7K8L9J";  // demo register: 注销
constexpr const char* kZhangWei = "430104199003070138";
constexpr const char* kNobody = "430102199001011238";      // valid check digit; no application anywhere

// GB 32100-2015, written out here: a well-formed USCC the demo register does not hold.
std::string uscc_with_check(std::string first17) {
  constexpr std::string_view kCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  constexpr int kWeights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) sum += int(kCharset.find(first17[i])) * kWeights[i];
  return first17 + kCharset[size_t((31 - sum % 31) % 31)];
}

// The a4.* texts the A4 receipt uses, installed for this binary (the test does not depend on the shipped
// file's wording, only on every label coming from a key).
void install_a4_strings(const fs::path& dir) {
  const fs::path file = dir / "a4-strings.json";
  std::ofstream(file) << R"({
    "a4.pending": "受理编号：待上传", "a4.acceptance_no": "受理编号：{no}",
    "a4.section.application": "申请信息", "a4.section.later_materials": "容缺后补材料",
    "a4.section.answers": "申请表内容", "a4.section.materials": "申请材料",
    "a4.label.applicant": "申请人", "a4.label.id_number": "证件号码", "a4.label.enterprise": "申请单位",
    "a4.label.submitted_at": "申请时间", "a4.label.kiosk": "自助终端",
    "a4.pending_note": "申请已保存在本机，网络恢复后自动上传", "a4.qr_caption": "扫码查询办理进度",
    "a4.footer.keep": "请妥善保管本回执", "a4.footer.issuer": "政策直兑自助终端 {kiosk} 打印"})";
  auto loaded = Strings::load(file.string());
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  install_strings(std::move(loaded.value()));
}

ProgressQuery by_person(const std::string& id_number) {
  ProgressQuery q;
  q.id_number = id_number;
  return q;
}

ProgressQuery by_receipt(const std::string& uuid, const std::string& acceptance_no) {
  ProgressQuery q;
  q.uuid = uuid;
  q.acceptance_no = acceptance_no;
  return q;
}

Catalog one_policy_catalog() {
  Catalog catalog;
  PolicyItem item;
  item.id = kPolicyId;
  item.title = "一次性创业补贴";
  catalog.items.push_back(item);
  return catalog;
}

template <class E>
std::optional<E> wait_for_event(EventQueue& events, std::chrono::seconds limit = std::chrono::seconds(30)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    for (auto& e : events.drain())
      if (auto* wanted = std::get_if<E>(&e)) return std::move(*wanted);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return std::nullopt;
}

class TempDir : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() / ("zhidui-services-" + std::to_string(getpid()) + "-" +
                                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir);
  }
  std::string db() const { return (dir / "kiosk.db").string(); }
  std::string key() const { return (dir / "field.key").string(); }
  // An application saved at this kiosk and not uploaded.
  std::string save_locally(const std::string& id_number, const std::string& created_at) {
    auto store = offline::Store::open(db(), key());
    EXPECT_TRUE(store.ok()) << store.error().message;
    if (!store) return "";
    offline::NewApplication app;
    app.uuid = make_uuid_v4();
    app.policy_id = kPolicyId;
    app.policy_title = "一次性创业补贴";
    app.created_at = created_at;
    app.personal.name = "张伟";
    app.personal.id_number = id_number;
    app.upload_body = testing::sample_application_body(app.uuid, kKiosk, kPolicyId, "张伟", id_number);
    auto saved = store.value()->submit(app);
    EXPECT_TRUE(saved.ok()) << saved.error().message;
    return app.uuid;
  }
  fs::path dir;
};

// ---- pure mappings ----------------------------------------------------------------------------------

TEST(LocalTime, IsoUtcBecomesTheHallsLocalTime) {
  EXPECT_EQ(clock::local_from_iso_utc("2026-11-25T03:59:00Z"), "2026-11-25 11:59");
  EXPECT_EQ(clock::local_from_iso_utc("2026-12-31T16:30:12.345Z"), "2027-01-01 00:30");
  EXPECT_EQ(clock::local_from_iso_utc("2026-03-01T00:00"), "2026-03-01 08:00");
  EXPECT_EQ(clock::local_from_iso_utc("2026-03-01T00:00:00+02:00"), "2026-03-01T00:00:00+02:00");  // not guessed
  EXPECT_EQ(clock::local_from_iso_utc("yesterday"), "yesterday");
}

TEST(ProgressMapping, PlatformProgressBecomesAnEntryInLocalTimeWithTheCatalogTitle) {
  offline::ApplicationProgress p;
  p.uuid = "3f0c6a52-8d4e-4c1b-9a7e-2b5d8f9e0a11";
  p.acceptance_no = "HN20260105000042";
  p.policy_id = kPolicyId;  // no title from the platform: the catalog names it
  p.submitted_at = "2026-01-05T02:30:00Z";
  p.status = "approved";
  p.timeline = {{"accepted", "2026-01-05T02:31:00Z", ""}, {"approved", "2026-01-09T07:00:00Z", "材料齐全"}};
  const Catalog catalog = one_policy_catalog();
  ProgressEntry e = progress_entry_from(p, catalog);
  EXPECT_EQ(e.uuid, p.uuid);
  EXPECT_EQ(e.acceptance_no, p.acceptance_no);
  EXPECT_EQ(e.policy_title, "一次性创业补贴");
  EXPECT_EQ(e.submitted_at, "2026-01-05 10:30");
  EXPECT_EQ(e.status, "approved");
  ASSERT_EQ(e.timeline.size(), 2u);
  EXPECT_EQ(e.timeline[0].status, "accepted");
  EXPECT_EQ(e.timeline[0].at, "2026-01-05 10:31");
  EXPECT_EQ(e.timeline[1].note, "材料齐全");

  p.policy_title = "平台给的标题";
  EXPECT_EQ(progress_entry_from(p, catalog).policy_title, "平台给的标题");
}

TEST(EnterpriseMapping, LegalRepresentativeIsMaskedAndOnlyActiveCountsAsActive) {
  offline::EnterpriseInfo info;
  info.uscc = kYueluUscc;
  info.name = "长沙岳麓山智造科技有限公司";
  info.legal_rep_name = "张伟";
  info.region_code = "430104";
  info.status = offline::EnterpriseStatus::active;
  Enterprise e = enterprise_from(info);
  EXPECT_EQ(e.legal_rep_masked, mask_name("张伟"));
  EXPECT_NE(e.legal_rep_masked, "张伟");
  EXPECT_TRUE(e.active);
  EXPECT_TRUE(e.verified);
  EXPECT_EQ(e.region_code, "430104");
  info.status = offline::EnterpriseStatus::revoked;
  EXPECT_FALSE(enterprise_from(info).active);
}

TEST_F(TempDir, A4ReceiptShowsTitleAndMaskedValuesNeverTheFullIdNumber) {
  install_a4_strings(dir);
  ReceiptData r;
  r.policy_title = "一次性创业补贴";
  r.applicant_masked = mask_name("张伟");
  r.id_number_masked = mask_id_number(kZhangWei);
  r.submitted_at = "2026-01-05 10:30";
  r.uuid = "3f0c6a52-8d4e-4c1b-9a7e-2b5d8f9e0a11";
  r.kiosk_id = kKiosk;
  r.enterprise_name = "长沙岳麓山智造科技有限公司";
  r.later_materials = {"营业执照副本"};
  r.answers = {{"联系人手机号码", mask_phone("13807310000")}, {"开户银行", "长沙银行"}};
  r.materials = {{"营业执照副本", "容缺后补"}};
  auto page = a4_receipt_page(r);

  std::string all = page.title + "\n" + page.subtitle + "\n" + page.qr_payload + "\n" + page.qr_caption + "\n";
  for (const auto& s : page.sections)
    for (const auto& row : s.rows) all += s.heading + "|" + row.label + "|" + row.value + "\n";
  for (const auto& p : page.paragraphs) all += p + "\n";
  for (const auto& f : page.footer_lines) all += f + "\n";
  EXPECT_EQ(page.title, "一次性创业补贴");
  EXPECT_EQ(page.subtitle, "受理编号：待上传");
  EXPECT_NE(all.find("证件号码|" + mask_id_number(kZhangWei)), std::string::npos) << all;
  EXPECT_NE(all.find("申请单位|长沙岳麓山智造科技有限公司"), std::string::npos) << all;
  EXPECT_NE(all.find("营业执照副本"), std::string::npos) << all;
  EXPECT_NE(all.find("申请表内容|联系人手机号码|138****0000"), std::string::npos) << all;  // the application form
  EXPECT_NE(all.find("申请材料|营业执照副本|容缺后补"), std::string::npos) << all;
  EXPECT_EQ(all.find("13807310000"), std::string::npos) << all;
  EXPECT_EQ(all.find(kZhangWei), std::string::npos) << all;
  EXPECT_EQ(all.find("张伟"), std::string::npos) << all;
  EXPECT_EQ(page.qr_payload, r.qr_payload());
  EXPECT_EQ(page.paragraphs.size(), 1u);  // the 待上传 note

  r.acceptance_no = "HN20260105000042";
  page = a4_receipt_page(r);
  EXPECT_EQ(page.subtitle, "受理编号：HN20260105000042");
  EXPECT_TRUE(page.paragraphs.empty());
  EXPECT_EQ(a4_receipt_job_title(r).find("张"), std::string::npos);
}

// ---- on the worker, against platform-sim --------------------------------------------------------------

class ServicesAgainstPlatform : public TempDir {
 protected:
  void SetUp() override {
    TempDir::SetUp();
    if (!fs::exists(PlatformSimProcess::binary())) GTEST_SKIP() << "platform-sim not built";
    url = sim.start({"--log-level", "warn"});
    ASSERT_FALSE(url.empty()) << sim.error();
    auto loaded = load_catalog(std::string(ZHIDUI_SOURCE_DIR) + "/assets/catalog/catalog.json");
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    catalog = std::move(loaded.value());
  }
  ServiceWorkerConfig config_for(const std::string& base_url) {
    ServiceWorkerConfig c;
    c.platform.base_url = base_url;
    c.platform.kiosk_id = kKiosk;
    c.platform.token = sim.token();
    c.platform.connect_timeout_ms = 2000;
    c.platform.total_timeout_ms = 5000;
    c.db_path = db();
    c.key_path = key();
    return c;
  }
  // Submits an application of `id_number` straight to the platform; returns its acceptance number.
  std::string submit_to_platform(const std::string& uuid, const std::string& id_number) {
    offline::PlatformClient client(config_for(url).platform);
    auto r = client.submit_application(uuid, testing::sample_application_body(uuid, kKiosk, kPolicyId, "张伟", id_number));
    EXPECT_EQ(r.outcome, offline::Outcome::done) << r.reason;
    return r.acceptance_no;
  }
  PlatformSimProcess sim;
  std::string url;
  Catalog catalog;
  EventQueue events;
};

TEST_F(ServicesAgainstPlatform, EnterpriseLookupMapsFoundNotFoundAndDeregistered) {
  ServiceWorker worker(config_for(url), catalog, events);
  worker.lookup_enterprise(kYueluUscc);
  auto found = wait_for_event<ev::EnterpriseLooked>(events);
  ASSERT_TRUE(found);
  ASSERT_TRUE(found->result.ok()) << found->result.error().code;
  EXPECT_EQ(found->uscc, kYueluUscc);
  EXPECT_EQ(found->result->name, "长沙岳麓山智造科技有限公司");
  EXPECT_EQ(found->result->legal_rep_masked, mask_name("张伟"));
  EXPECT_TRUE(found->result->active);
  EXPECT_TRUE(found->result->verified);

  worker.lookup_enterprise(uscc_with_check("91430104MA4XXXXX0"));
  auto missing = wait_for_event<ev::EnterpriseLooked>(events);
  ASSERT_TRUE(missing);
  ASSERT_FALSE(missing->result.ok());
  EXPECT_EQ(missing->result.error().code, "enterprise.not_found");

  worker.lookup_enterprise(kClosedUscc);
  auto closed = wait_for_event<ev::EnterpriseLooked>(events);
  ASSERT_TRUE(closed && closed->result.ok());
  EXPECT_FALSE(closed->result->active);

  worker.check_representative(kYueluUscc, kZhangWei);
  auto rep = wait_for_event<ev::RepresentativeChecked>(events);
  ASSERT_TRUE(rep && rep->is_legal_representative.ok());
  EXPECT_TRUE(rep->is_legal_representative.value());
  worker.check_representative(kYueluUscc, kNobody);
  rep = wait_for_event<ev::RepresentativeChecked>(events);
  ASSERT_TRUE(rep && rep->is_legal_representative.ok());
  EXPECT_FALSE(rep->is_legal_representative.value());
}

TEST_F(ServicesAgainstPlatform, WithoutAPlatformTheEnterpriseIsUnreachable) {
  ServiceWorker worker(config_for(""), catalog, events);
  worker.lookup_enterprise(kYueluUscc);
  auto looked = wait_for_event<ev::EnterpriseLooked>(events);
  ASSERT_TRUE(looked && !looked->result.ok());
  EXPECT_EQ(looked->result.error().code, "enterprise.unreachable");
}

TEST_F(ServicesAgainstPlatform, ProgressComesFromThePlatformPlusWhatIsNotUploadedYet) {
  const std::string uploaded = make_uuid_v4();
  const std::string acceptance_no = submit_to_platform(uploaded, kZhangWei);
  ASSERT_FALSE(acceptance_no.empty());
  const std::string waiting = save_locally(kZhangWei, "2026-01-05T02:30:00Z");

  ServiceWorker worker(config_for(url), catalog, events);
  worker.query_progress(by_person(kZhangWei));
  auto loaded = wait_for_event<ev::ProgressLoaded>(events);
  ASSERT_TRUE(loaded);
  ASSERT_TRUE(loaded->result.ok()) << loaded->result.error().code;
  EXPECT_FALSE(loaded->result->last_known);
  ASSERT_EQ(loaded->result->entries.size(), 2u);
  EXPECT_EQ(loaded->result->entries[0].uuid, waiting);  // saved here, not uploaded: shown first, no number
  EXPECT_TRUE(loaded->result->entries[0].acceptance_no.empty());
  EXPECT_EQ(loaded->result->entries[1].uuid, uploaded);
  EXPECT_EQ(loaded->result->entries[1].acceptance_no, acceptance_no);
  EXPECT_FALSE(loaded->result->entries[1].policy_title.empty());
  EXPECT_FALSE(loaded->result->entries[1].timeline.empty());

  worker.query_progress(by_receipt(uploaded, acceptance_no));
  loaded = wait_for_event<ev::ProgressLoaded>(events);
  ASSERT_TRUE(loaded && loaded->result.ok());
  ASSERT_EQ(loaded->result->entries.size(), 1u);
  EXPECT_EQ(loaded->result->entries[0].uuid, uploaded);

  worker.query_progress(by_person(kNobody));
  loaded = wait_for_event<ev::ProgressLoaded>(events);
  ASSERT_TRUE(loaded && !loaded->result.ok());
  EXPECT_EQ(loaded->result.error().code, "progress.not_found");
}

TEST_F(ServicesAgainstPlatform, ADepartmentsRefusalOrReturnReadsInPlainChineseWithItsReason) {
  const std::string returned = make_uuid_v4(), refused = make_uuid_v4();
  const std::string returned_no = submit_to_platform(returned, kZhangWei);
  const std::string refused_no = submit_to_platform(refused, kZhangWei);
  ASSERT_FALSE(returned_no.empty());
  ASSERT_EQ(sim.decide(returned, "return", "缺少营业执照副本").status, 200);
  ASSERT_EQ(sim.decide(refused, "advance").status, 200);  // into joint review
  ASSERT_EQ(sim.decide(refused, "reject", "不符合申报条件").status, 200);
  EXPECT_EQ(sim.decide(refused, "return", "迟到的补正").status, 409);  // refused is final
  EXPECT_EQ(sim.decide(returned, "reject").status, 409);              // never without a reason

  ServiceWorker worker(config_for(url), catalog, events);
  auto entry_of = [&](const std::string& uuid, const std::string& no) {
    worker.query_progress(by_receipt(uuid, no));
    auto loaded = wait_for_event<ev::ProgressLoaded>(events);
    EXPECT_TRUE(loaded && loaded->result.ok() && loaded->result->entries.size() == 1u);
    return loaded && loaded->result.ok() && !loaded->result->entries.empty() ? loaded->result->entries[0]
                                                                             : ProgressEntry{};
  };
  ProgressEntry r = entry_of(returned, returned_no);
  EXPECT_EQ(r.status, "returned");
  EXPECT_EQ(r.status_label, "需补正");
  ASSERT_FALSE(r.timeline.empty());
  EXPECT_EQ(r.timeline.back().note, "缺少营业执照副本");
  ProgressEntry x = entry_of(refused, refused_no);
  EXPECT_EQ(x.status, "rejected");
  EXPECT_EQ(x.status_label, "未通过");  // refused after acceptance, in joint review
  EXPECT_EQ(x.timeline.back().note, "不符合申报条件");

  // Supplemented, the returned one is accepted again and moves on.
  ASSERT_EQ(sim.decide(returned, "advance").status, 200);
  EXPECT_EQ(entry_of(returned, returned_no).status_label, "已受理");
}

TEST(ProgressMapping, OnlyTheLifecyclesTransitionsAreBelieved) {
  const Catalog catalog = one_policy_catalog();
  offline::ApplicationProgress p;
  p.uuid = "5b0e1c8e-2f4a-4a57-9d36-0d8c8f3a1e11";
  p.policy_id = kPolicyId;
  p.submitted_at = "2026-01-05T02:30:00Z";
  p.timeline = {{"rejected", "2026-01-05T03:00:00Z", "材料不全"}};
  EXPECT_EQ(progress_entry_from(p, catalog).status_label, "不予受理");  // refused before acceptance
  p.timeline = {{"accepted", "2026-01-05T02:31:00Z", ""}, {"paid", "2026-01-20T02:00:00Z", ""}};
  EXPECT_EQ(progress_entry_from(p, catalog).status_label, "已兑现");  // missed steps are walked through
  // A platform that says paid, then back under review, is not believed past paid.
  p.timeline.push_back({"joint_review", "2026-01-21T02:00:00Z", ""});
  p.status = "joint_review";
  const ProgressEntry lying = progress_entry_from(p, catalog);
  EXPECT_EQ(lying.status, "paid");
  EXPECT_EQ(lying.status_label, "已兑现");
}

TEST_F(ServicesAgainstPlatform, UnreachablePlatformFallsBackToTheLocalStoreLabelledLastKnown) {
  const std::string uuid = save_locally(kZhangWei, "2026-01-05T02:30:00Z");
  ASSERT_EQ(sim.stop(), 0);  // the platform is gone: connection refused

  ServiceWorker worker(config_for(url), catalog, events);
  worker.query_progress(by_person(kZhangWei));
  auto loaded = wait_for_event<ev::ProgressLoaded>(events);
  ASSERT_TRUE(loaded);
  ASSERT_TRUE(loaded->result.ok()) << loaded->result.error().code;
  EXPECT_TRUE(loaded->result->last_known);
  ASSERT_EQ(loaded->result->entries.size(), 1u);
  const ProgressEntry& e = loaded->result->entries[0];
  EXPECT_EQ(e.uuid, uuid);
  EXPECT_EQ(e.status, "submitted");
  EXPECT_EQ(e.submitted_at, "2026-01-05 10:30");
  EXPECT_EQ(e.policy_title, "一次性创业补贴");
  EXPECT_FALSE(e.timeline.empty());

  worker.query_progress(by_receipt(uuid, ""));  // from a 待上传 receipt
  loaded = wait_for_event<ev::ProgressLoaded>(events);
  ASSERT_TRUE(loaded && loaded->result.ok());
  EXPECT_TRUE(loaded->result->last_known);
  ASSERT_EQ(loaded->result->entries.size(), 1u);

  worker.query_progress(by_person(kNobody));  // nothing here either: cannot tell
  loaded = wait_for_event<ev::ProgressLoaded>(events);
  ASSERT_TRUE(loaded && !loaded->result.ok());
  EXPECT_EQ(loaded->result.error().code, "progress.failed");
}

// ---- A4 printing through a real private cupsd ------------------------------------------------------------

TEST_F(TempDir, A4ReceiptIsPrintedOnTheWorkerAndReported) {
  if (!fs::exists("/usr/sbin/cupsd")) GTEST_SKIP() << "cupsd not installed";
  install_a4_strings(dir);
  auto cupsd = drivers::a4_printer::PrivateCupsd::start();
  ASSERT_TRUE(cupsd.ok()) << cupsd.error().message;
  drivers::a4_printer::CupsA4Config a4config;
  a4config.server = cupsd.value()->server();
  a4config.queue = cupsd.value()->queue();
  drivers::a4_printer::CupsA4Printer printer(a4config);

  Catalog catalog = one_policy_catalog();
  EventQueue events;
  ServiceWorkerConfig config;
  config.a4 = &printer;
  ServiceWorker worker(config, catalog, events);
  ReceiptData r;
  r.policy_title = "一次性创业补贴";
  r.applicant_masked = mask_name("张伟");
  r.id_number_masked = mask_id_number(kZhangWei);
  r.submitted_at = "2026-01-05 10:30";
  r.acceptance_no = "HN20260105000042";
  r.uuid = "3f0c6a52-8d4e-4c1b-9a7e-2b5d8f9e0a11";
  r.kiosk_id = kKiosk;
  worker.print_a4(r);
  auto printed = wait_for_event<ev::A4Printed>(events, std::chrono::seconds(90));
  ASSERT_TRUE(printed);
  ASSERT_TRUE(printed->result.ok()) << printed->result.error().code << ": " << printed->result.error().message;
  ASSERT_EQ(cupsd.value()->output_files().size(), 1u);
  EXPECT_GT(fs::file_size(cupsd.value()->output_files()[0]), 1000u);

  // The technician's A4 test page goes the same way and says what became of it.
  drivers::a4_printer::A4TestPageInfo info;
  info.kiosk_id = kKiosk;
  info.printer_description = "queue " + a4config.queue;
  info.printed_at = "2026-01-05 10:31";
  info.chinese_sample = "湖南省惠企利民政策直兑直达";
  worker.self_test_a4(info);
  auto tested = wait_for_event<ev::TechnicianDone>(events, std::chrono::seconds(90));
  ASSERT_TRUE(tested);
  EXPECT_EQ(tested->what, "a4");
  ASSERT_TRUE(tested->result.ok()) << tested->result.error().message;
  EXPECT_NE(tested->detail.find("A4 test page printed as job"), std::string::npos) << tested->detail;
  EXPECT_EQ(cupsd.value()->output_files().size(), 2u);

  ASSERT_TRUE(cupsd.value()->pause_queue().ok());
  worker.print_a4(r);
  printed = wait_for_event<ev::A4Printed>(events, std::chrono::seconds(90));
  ASSERT_TRUE(printed);
  ASSERT_FALSE(printed->result.ok());
  EXPECT_EQ(printed->result.error().code, "a4.stopped");
}

// ---- the technician's 重新上传 -------------------------------------------------------------------------

TEST_F(TempDir, DeadLettersAreSentAgainOneOrAllOnTheWorker) {
  ASSERT_FALSE(save_locally(kZhangWei, "2026-01-05T02:00:00Z").empty());
  ASSERT_FALSE(save_locally(kZhangWei, "2026-01-05T02:01:00Z").empty());
  {
    auto store = offline::Store::open(db(), key());
    ASSERT_TRUE(store.ok());
    auto pending = store.value()->outbox_entries(offline::OutboxState::pending);
    ASSERT_TRUE(pending.ok());
    ASSERT_EQ(pending->size(), 2u);
    for (const auto& e : pending.value()) ASSERT_TRUE(store.value()->mark_dead(e.seq, "422 invalid").ok());
  }
  Catalog catalog = one_policy_catalog();
  EventQueue events;
  ServiceWorkerConfig config;
  config.db_path = db();
  config.key_path = key();
  ServiceWorker worker(config, catalog, events);
  auto dead_now = [&] {
    auto store = offline::Store::open(db(), key());
    return store ? store.value()->outbox_counts()->dead : -1;
  };
  auto store = offline::Store::open(db(), key());
  ASSERT_TRUE(store.ok());
  auto dead = store.value()->outbox_entries(offline::OutboxState::dead);
  ASSERT_TRUE(dead.ok());
  ASSERT_EQ(dead->size(), 2u);

  worker.requeue_dead_letter(dead->front().seq);
  auto done = wait_for_event<ev::TechnicianDone>(events);
  ASSERT_TRUE(done && done->result.ok());
  EXPECT_EQ(done->what, "requeue");
  EXPECT_EQ(dead_now(), 1);

  worker.requeue_dead_letter(0);
  done = wait_for_event<ev::TechnicianDone>(events);
  ASSERT_TRUE(done && done->result.ok());
  EXPECT_NE(done->detail.find("requeued 1"), std::string::npos) << done->detail;
  EXPECT_EQ(dead_now(), 0);
  EXPECT_EQ(store.value()->outbox_counts()->pending, 2);  // both due again, nothing lost or doubled

  worker.requeue_dead_letter(dead->front().seq);  // no longer dead: said, not hidden
  done = wait_for_event<ev::TechnicianDone>(events);
  ASSERT_TRUE(done);
  EXPECT_FALSE(done->result.ok());
}

}  // namespace
}  // namespace zhidui
