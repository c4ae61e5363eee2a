"""Command line: `python -m kiosk <command>`. Run with --help for the list."""

from __future__ import annotations

import argparse
import getpass
import secrets
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from kiosk.accounts.auth import (
    AccountError,
    Role,
    WeakSecretError,
    add_user,
    list_users,
    set_disabled,
    set_ntfy_topic,
    set_password,
    set_review_languages,
    set_spoken_languages,
    signing_key,
)
from kiosk.accounts.demo import DEMO_ACCOUNTS
from kiosk.content.loader import load_content
from kiosk.content.models import ContentLibrary
from kiosk.content.plain_language import guide_lix
from kiosk.content.problems import Problem, Severity
from kiosk.errors import StoreUnavailable
from kiosk.screen.config import ScreenPaths
from kiosk.settings import Settings, get_settings
from kiosk.store import make_engine, upgrade
from kiosk.store.branches import Branch, get_branch, list_branches, save_branch
from kiosk.store.kiosks import WEEKDAYS, Kiosk, StaffedHours, get_kiosk, issue_key, list_kiosks, save_kiosk, seed_demo


def _engine():
    settings = get_settings()
    return make_engine(settings.effective_database_url, settings.db_busy_timeout_ms)


def cmd_content_check(args: argparse.Namespace) -> int:
    from kiosk.audio.coverage import audio_coverage
    from kiosk.audio.recordings import RecordingStore
    from kiosk.authoring.verification import evidence_report, verification_problems
    from kiosk.floor.inquiries import INQUIRIES_FILE, load_inquiry_config
    from kiosk.runtime import build_speaker

    settings = get_settings()
    content_dir = Path(args.content_dir) if args.content_dir else settings.content_dir
    library, problems = load_content(content_dir)
    inquiries, broken = load_inquiry_config(content_dir)
    if broken:
        message = f"{broken.removeprefix(INQUIRIES_FILE + ': ')} (the defaults are used)"
        problems.append(Problem(file=INQUIRIES_FILE, message=message))
    problems.extend(inquiries.problems_with(library.categories))
    problems += verification_problems(library, date.today(), settings.verify_after_days)
    for problem in problems:
        print(problem.describe())
    for line in evidence_report(library):
        print(line)
    for line in _stuck_report(settings, library):
        print(line)
    speaker = build_speaker(settings)
    store = RecordingStore(settings.data_dir / "recordings")
    for audio in audio_coverage(library, store, settings.default_language, speaker.can_speak).values():
        print(audio.describe())
    if args.lix:
        for slug, guide in sorted(library.guides.items()):
            value = guide_lix(guide, "nb")
            print(f"LIX {value if value is not None else '-':>5}  {slug}")
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = len(problems) - errors
    print(
        f"{len(library.guides)} guides, {len(library.paths)} paths, {len(library.languages)} languages,"
        f" {len(library.categories)} categories: "
        f"{errors} errors, {warnings} warnings"
    )
    if errors or (args.strict and warnings):
        return 1
    return 0


def _stuck_report(settings: Settings, library: ContentLibrary) -> list[str]:
    """Steps where visitors get stuck, when there is a database to count in (a fresh SQLite file is not made)."""
    from datetime import UTC, datetime

    from sqlalchemy.exc import SQLAlchemyError

    from kiosk.authoring.stuck_steps import StuckRule, stuck_steps

    if not settings.database_url and not (settings.data_dir / "kiosk.db").exists():
        return ["stuck steps: not counted (no database configured)"]
    rule = StuckRule(min_presses=settings.stuck_min_presses, days=settings.stuck_days, ratio=settings.stuck_ratio)
    engine = make_engine(settings.effective_database_url, settings.db_busy_timeout_ms)
    try:
        flagged = stuck_steps(engine, library, datetime.now(UTC), rule)
    except (StoreUnavailable, SQLAlchemyError) as exc:
        return [f"stuck steps: not counted (the database could not be read: {type(exc).__name__})"]
    finally:
        engine.dispose()
    return [
        f"stuck         {item.guide} step {item.number} ({item.step}): visitors get stuck here,"
        f" {item.presses} problem presses and {item.calls} help calls since {item.since:%Y-%m-%d}"
        f" (other steps {item.others:.1f} on average)"
        for item in flagged
    ] or [f"stuck steps: none ({rule.min_presses}+ in {rule.days} days and {rule.ratio:g}x the guide's other steps)"]


def cmd_audio_build(args: argparse.Namespace) -> int:
    """Make every read-aloud clip now, so the kiosk can run offline tomorrow."""
    from collections import Counter

    from kiosk.audio.read_aloud import all_readings
    from kiosk.runtime import build_speaker

    settings = get_settings()
    library, _problems = load_content(settings.content_dir)
    speaker = build_speaker(settings)
    readings = list(all_readings(library, settings.default_language, speaker.can_speak))
    if args.language:
        readings = [r for r in readings if r.language.code in args.language]
    outcome: Counter[str] = Counter()
    failures: Counter[str] = Counter()
    width = 30
    for done, reading in enumerate(readings, start=1):
        result, detail = speaker.build(reading.text, reading.language, reading.speed)
        outcome[result] += 1
        if result == "failed":
            failures[f"{reading.language.code}: {detail}"] += 1
        filled = width * done // max(1, len(readings))
        print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{len(readings)}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    print(f"read-aloud clips: {outcome['made']} made, {outcome['cached']} already cached, {outcome['failed']} failed")
    for reason, count in failures.most_common():
        print(f"  failed {count}x — {reason}")
    return 1 if outcome["failed"] else 0


def cmd_meaning_check(args: argparse.Namespace) -> int:
    """Machine-made translations against their Norwegian source, as far as a rule can: exit 1 when any drifted."""
    import yaml

    from kiosk.authoring.meaning_check import BackTranslations, meaning_checked, meaning_report, record_meaning_checks
    from kiosk.content.yaml_io import MAX_YAML_BYTES, YamlRefused, load_yaml

    settings = get_settings()
    content_dir = Path(args.content_dir) if args.content_dir else settings.content_dir
    library, _problems = load_content(content_dir)
    unknown = [code for code in args.language or [] if code not in library.languages]
    if unknown:
        print(f"no language {', '.join(unknown)}", file=sys.stderr)
        return 2
    back: BackTranslations = {}
    # --back may be given several times, each a file or a folder of files (one per language, e.g.
    # content/back-translations/pl.yaml): their entries are put together.
    files: list[Path] = []
    for given in map(Path, args.back or []):
        files += sorted(given.glob("*.yaml")) if given.is_dir() else [given]
    for file in files:
        try:
            raw = file.read_bytes()
            if len(raw) > MAX_YAML_BYTES:
                raise YamlRefused(f"larger than {MAX_YAML_BYTES // 1024} KB")
            data = load_yaml(raw.decode("utf-8"))
        except (OSError, UnicodeDecodeError, YamlRefused, ValueError, yaml.YAMLError) as exc:
            print(f"cannot read the back-translations {file}: {exc}", file=sys.stderr)
            return 2
        if not isinstance(data, dict) or not all(
            isinstance(v, dict) and all(isinstance(t, str) for t in v.values()) for v in data.values()
        ):
            print(f"{file}: expected '<guide>/<field>: {{<language>: <Norwegian text>}}' lines", file=sys.stderr)
            return 2
        for key, value in data.items():
            back.setdefault(str(key), {}).update({str(code): text for code, text in value.items()})
    if args.record and not (args.back and args.by):
        print("--record needs --back (the back-translations) and --by (who made the comparison)", file=sys.stderr)
        return 2
    reports = meaning_report(library, args.language or None, back)
    for report in reports:
        print(report.describe())
        for drift in report.drifted:
            print(f"  drifted  {drift.where} [{drift.language}]: {'; '.join(drift.reasons)}")
    drifted = sum(len(report.drifted) for report in reports)
    compared = sum(report.by_fixed_parts for report in reports)
    backed = sum(report.by_back_translation for report in reports)
    print(f"{compared} texts compared by their fixed parts, {backed} with a back-translation: {drifted} drifted")
    if args.record:
        checked = [(slug, code) for slug, code in meaning_checked(library, back) if not args.language or code in args.language]
        engine = _engine()
        upgrade(engine)
        recorded = record_meaning_checks(engine, library, content_dir, checked, args.by, date.today())
        listed = ", ".join(f"{slug}/{code}" for slug, code in checked) or "none"
        print(f"meaning checked recorded for {recorded} guide translations: {listed}")
    return 1 if drifted else 0


def cmd_xliff_export(args: argparse.Namespace) -> int:
    from kiosk.authoring.xliff import export_xliff

    settings = get_settings()
    library, _problems = load_content(settings.content_dir)
    if args.language not in library.languages:
        print(f"no language '{args.language}'", file=sys.stderr)
        return 2
    data = export_xliff(library, settings.content_dir, args.language, only_needed=args.only_needed)
    Path(args.out).write_bytes(data)
    print(f"wrote {args.out} ({len(data)} bytes)")
    return 0


def cmd_xliff_import(args: argparse.Namespace) -> int:
    from kiosk.accounts.auth import list_users
    from kiosk.authoring.review import ReviewRefused
    from kiosk.authoring.xliff import XliffRefused, import_xliff

    settings = get_settings()
    library, _problems = load_content(settings.content_dir)
    engine = _engine()
    upgrade(engine)
    reviewer = next((u for u in list_users(engine) if u.username == (args.reviewer or "").lower()), None)
    if args.reviewed and reviewer is None:
        print("not imported: --reviewed needs --reviewer, an account that reviews the file's language", file=sys.stderr)
        return 2
    try:
        report = import_xliff(
            engine,
            library,
            settings.content_dir,
            Path(args.path).read_bytes(),
            reviewed=args.reviewed,
            by=args.by or (reviewer.display_name if reviewer else "translation agency"),
            author_id=None,
            today=date.today(),
            publish_now=args.publish,
            reviewer=reviewer,
        )
    except (XliffRefused, ReviewRefused, OSError) as exc:
        print(f"not imported: {exc}", file=sys.stderr)
        return 2
    state = "published" if args.publish else "saved as drafts"
    marked = "reviewed" if args.reviewed else "unreviewed"
    for slug, count in report.applied.items():
        print(f"{slug}: {count} texts {state} ({marked})")
    for key in report.changed_source:
        print(f"not applied, the source text changed since the export: {key}")
    for key in report.unknown:
        print(f"not applied, no such guide, step or field: {key}")
    for slug, why in report.invalid.items():
        print(f"not applied, {slug} would not be valid: {why}")
    applied = sum(report.applied.values())
    print(f"{applied} applied, {len(report.changed_source)} on a changed source, {report.untranslated} empty")
    return 1 if report.changed_source or report.invalid or report.unknown else 0


def cmd_users_review(args: argparse.Namespace) -> int:
    try:
        user = set_review_languages(_engine(), args.username, args.languages)
    except AccountError as exc:
        print(f"not changed: {exc}", file=sys.stderr)
        return 2
    print(f"'{user.username}' may review: {', '.join(user.review_languages) or 'no language'}")
    return 0


def cmd_db_upgrade(_args: argparse.Namespace) -> int:
    upgrade(_engine())
    print("database is up to date")
    return 0


def cmd_content_seed(args: argparse.Namespace) -> int:
    """Copy the shipped content into the content dir when it has none yet (a container's first start)."""
    import shutil

    source, target = Path(args.source).resolve(), get_settings().content_dir
    if (target / "guides").is_dir() and any((target / "guides").glob("*.yaml")):
        print(f"content already in {target}: left as it is")
        return 0
    if not (source / "guides").is_dir():
        print(f"no content to copy in {source}", file=sys.stderr)
        return 2
    shutil.copytree(source, target, dirs_exist_ok=True)
    print(f"content copied from {source} to {target}")
    return 0


def cmd_setup(args: argparse.Namespace) -> int:
    engine = _engine()
    upgrade(engine)
    print(f"database ready: {get_settings().effective_database_url}")
    signing_key(get_settings())  # made now (or refused if weak), not at the first page view
    print("signing key for shift tokens: ok")
    if args.demo:
        added = seed_demo(engine)
        print(
            "demo kiosks added in two branches: /?kiosk=demo (Hovedbiblioteket) and /?kiosk=demo-nord (Filial nord)"
            if added
            else "demo kiosk already there: /?kiosk=demo"
        )
        existing = {user.username for user in list_users(engine)}
        for username, name, role in DEMO_ACCOUNTS:
            if username in existing:
                continue
            password = secrets.token_urlsafe(12)
            add_user(engine, username, name, role, password)
            # Shown once: only the hash is kept.
            print(f"demo account  {role.value:<7} user: {username:<10} password: {password}")
        if existing:
            print(
                "demo accounts exist already (their passwords were shown when they were made;"
                " change one with: python -m kiosk users passwd NAME)"
            )
    return 0


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("new password: ")
    if getpass.getpass("again: ") != first:
        raise AccountError("the two passwords differ")
    return first


def cmd_users_add(args: argparse.Namespace) -> int:
    try:
        engine = _engine()
        upgrade(engine)
        user = add_user(engine, args.username, args.name, args.role, _read_password(args))
    except (AccountError, ValidationError, ValueError) as exc:
        print(f"not saved: {exc}", file=sys.stderr)
        return 2
    print(f"added {user.role.value} '{user.username}'")
    return 0


def cmd_users_passwd(args: argparse.Namespace) -> int:
    try:
        set_password(_engine(), args.username, _read_password(args))
    except AccountError as exc:
        print(f"not changed: {exc}", file=sys.stderr)
        return 2
    print(f"password changed for '{args.username}'; tablets signed in as this user are signed out")
    return 0


def cmd_users_disable(args: argparse.Namespace) -> int:
    try:
        set_disabled(_engine(), args.username, disabled=not args.enable)
    except AccountError as exc:
        print(f"not changed: {exc}", file=sys.stderr)
        return 2
    print(f"'{args.username}' {'enabled' if args.enable else 'disabled and signed out everywhere'}")
    return 0


def cmd_users_list(_args: argparse.Namespace) -> int:
    engine = _engine()
    upgrade(engine)
    for user in list_users(engine):
        state = "\t(disabled)" if user.disabled else ""
        languages = " ".join(user.spoken_languages) or "-"
        review = f"\treviews {' '.join(user.review_languages)}" if user.review_languages else ""
        print(f"{user.username}\t{user.role.value}\t{user.display_name}{review}{state}\t{languages}")
    return 0


def cmd_users_languages(args: argparse.Namespace) -> int:
    try:
        user = set_spoken_languages(_engine(), args.username, args.languages)
    except AccountError as exc:
        print(f"not changed: {exc}", file=sys.stderr)
        return 2
    spoken = " ".join(user.spoken_languages) or "none listed (taken as the library's default language)"
    print(f"'{user.username}' speaks: {spoken}")
    return 0


def cmd_users_topic(args: argparse.Namespace) -> int:
    topic = None if args.clear else args.topic
    if topic is None and not args.clear:
        print("name a topic, or --clear", file=sys.stderr)
        return 2
    try:
        set_ntfy_topic(_engine(), args.username, topic)
    except AccountError as exc:
        print(f"not changed: {exc}", file=sys.stderr)
        return 2
    print(f"'{args.username}': " + (f"new calls in their languages also go to ntfy topic '{topic}'" if topic else "no own topic"))
    return 0


def _parse_hours(specs: Sequence[str], exceptions: Sequence[str] = ()) -> StaffedHours:
    """'mon-fri=10:00-15:00' or 'sat=11:00-14:00' -> weekly hours; '2026-12-24' (closed) or
    '2026-12-23=10:00-13:00' -> that day instead."""
    special: dict[str, list[tuple[str, str]]] = {}
    for spec in exceptions:
        day, _, span = spec.partition("=")
        special.setdefault(day, [])
        if span:
            start, _, end = span.partition("-")
            special[day].append((start, end))
    weekly: dict[str, list[tuple[str, str]]] = {}
    for spec in specs:
        days, _, span = spec.partition("=")
        start, _, end = span.partition("-")
        first, _, last = days.partition("-")
        if first not in WEEKDAYS or (last and last not in WEEKDAYS):
            raise ValueError(f"'{spec}': days must be like mon or mon-fri")
        selected = WEEKDAYS[WEEKDAYS.index(first) : WEEKDAYS.index(last or first) + 1]
        for day in selected:
            weekly.setdefault(day, []).append((start, end))
    return StaffedHours.model_validate({"weekly": weekly, "exceptions": special})


def cmd_branches_add(args: argparse.Namespace) -> int:
    try:
        branch = Branch(id=args.id, name=args.name, staffed_hours=_parse_hours(args.hours, args.exception), help_phone=args.phone)
    except (ValidationError, ValueError) as exc:
        print(f"not saved: {exc}", file=sys.stderr)
        return 2
    engine = _engine()
    upgrade(engine)
    is_new = get_branch(engine, branch.id) is None
    save_branch(engine, branch)
    print(f"{'added' if is_new else 'updated'} branch '{branch.id}' ({branch.name})")
    return 0


def cmd_branches_list(_args: argparse.Namespace) -> int:
    engine = _engine()
    upgrade(engine)
    settings = get_settings()
    from kiosk.runtime import branch_targets

    targets = branch_targets(settings)
    kiosks = list_kiosks(engine)
    for branch in list_branches(engine):
        count = sum(kiosk.branch_id == branch.id for kiosk in kiosks)
        own = ", ".join(target.kind.value for target in targets.get(branch.id, [])) or "global targets only"
        phone = branch.help_phone or (f"{settings.help_phone} (global)" if settings.help_phone else "no phone")
        print(f"{branch.id}\t{branch.name}\t{count} kiosks\t{phone}\t{own}")
    return 0


def cmd_kiosks_add(args: argparse.Namespace) -> int:
    try:
        # Hours given: the kiosk's own, instead of its branch's.
        own_hours = _parse_hours(args.hours, args.exception) if (args.hours or args.exception) else None
    except (ValidationError, ValueError) as exc:
        print(f"not saved: {exc}", file=sys.stderr)
        return 2
    engine = _engine()
    upgrade(engine)
    existing = get_kiosk(engine, args.id)
    # Without --branch a kiosk stays in its branch; a new one goes to the branch made from its location.
    branch_id = args.branch or (existing.branch_id if existing else None)
    if args.branch and get_branch(engine, args.branch) is None:
        hint = f"python -m kiosk branches add {args.branch} --name …"
        print(f"not saved: there is no branch '{args.branch}' ({hint})", file=sys.stderr)
        return 2
    try:
        kiosk = Kiosk(id=args.id, display_name=args.name, location=args.location, branch_id=branch_id, staffed_hours=own_hours)
    except (ValidationError, ValueError) as exc:
        print(f"not saved: {exc}", file=sys.stderr)
        return 2
    is_new = existing is None
    save_kiosk(engine, kiosk)
    if is_new or args.new_key:
        key = issue_key(engine, kiosk.id)
        print(f"saved kiosk '{kiosk.id}'. Open this address once on its screen (it keeps the key; keep it secret):")
        print(f"  /?kiosk={kiosk.id}&key={key}")
    else:
        print(f"saved kiosk '{kiosk.id}' (its key is unchanged; --new-key makes a new one)")
    return 0


def cmd_kiosks_list(_args: argparse.Namespace) -> int:
    engine = _engine()
    upgrade(engine)
    for kiosk in list_kiosks(engine):
        key = "key" if kiosk.has_key else "OPEN (no key: any browser can be it)"
        hours = "own hours" if kiosk.staffed_hours is not None else "branch hours"
        print(f"{kiosk.id}\t{kiosk.display_name}\t{kiosk.branch_id} ({kiosk.branch_name})\t{kiosk.location}\t{hours}\t{key}")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    """A consistent copy of the database while the servers run (not the content files or the signing key)."""
    from kiosk.store.backup import BackupError, backup

    target = Path(args.path).resolve()
    try:
        backup(get_settings().effective_database_url, target)
    except BackupError as exc:
        print(f"no backup made: {exc}", file=sys.stderr)
        return 2
    print(f"database backed up to {target}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from kiosk.store.backup import BackupError, restore

    try:
        restore(get_settings().effective_database_url, Path(args.path).resolve(), overwrite=args.overwrite)
    except BackupError as exc:
        print(f"not restored: {exc}", file=sys.stderr)
        return 2
    print(f"database restored from {args.path} and migrated; restart the servers")
    return 0


def cmd_doctor(_args: argparse.Namespace) -> int:
    """One line per check; exit 1 when any is an error (warnings keep 0), for cron or a health check."""
    from kiosk.doctor import Level, examine

    findings = examine(get_settings())
    for finding in findings:
        print(finding.line())
    errors = sum(f.level is Level.ERROR for f in findings)
    warnings = sum(f.level is Level.WARN for f in findings)
    print(f"{len(findings)} checks: {errors} errors, {warnings} warnings")
    return 1 if errors else 0


def cmd_stats_purge(args: argparse.Namespace) -> int:
    """Roll up raw usage events older than the retention into daily counts, and delete them."""
    from kiosk.stats.rollup import purge_expired

    settings = get_settings()
    engine = _engine()
    upgrade(engine)
    result = purge_expired(engine, args.keep_months or settings.stats_keep_months, settings.timezone)
    print(
        f"before {result.cutoff:%Y-%m-%d %H:%M} UTC: {result.events} events and {result.visits} visits rolled up into"
        f" {result.day_rows} daily rows and deleted; {result.search_terms} search words deleted"
    )
    return 0


def cmd_demo_data(args: argparse.Namespace) -> int:
    """A realistic year (or --days) of kiosk use: visits, events, problem presses, help calls, bookings, inquiries."""
    from kiosk.floor.inquiries import load_inquiry_config
    from kiosk.stats.demo_data import generate

    settings = get_settings()
    engine = _engine()
    upgrade(engine)
    library, _problems = load_content(settings.content_dir)
    config, problem = load_inquiry_config(settings.content_dir)
    if problem:
        print(f"using the default inquiry categories: {problem}", file=sys.stderr)
    made = generate(engine, library, config, args.events, days=args.days, timezone=settings.timezone, seed=args.seed)
    print(
        f"demo data over {args.days} days: {made.events} events, {made.visits} visits, {made.help_calls} help calls,"
        f" {made.inquiries} inquiries, {made.problem_presses} problem presses, {made.bookings} bookings"
    )
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the app (kiosk/server.py): migrations and the dispatcher start with the server, not with
    the first page view, and every response carries the security headers."""
    from streamlit.web import cli as streamlit_cli

    from kiosk.server import send_without_delay
    from kiosk.settings import PROJECT_ROOT
    from kiosk.web.forwarding import believe_no_forwarded_headers

    send_without_delay()
    believe_no_forwarded_headers()
    streamlit_cli.main(["run", str(PROJECT_ROOT / "kiosk" / "server.py"), *args.streamlit_args], prog_name="streamlit")
    return 0


def _screen_paths(args: argparse.Namespace) -> ScreenPaths:
    from kiosk.screen.config import DEFAULT_POLICY_DIR

    return ScreenPaths(Path(args.state_dir), Path(getattr(args, "policy_dir", None) or DEFAULT_POLICY_DIR))


def cmd_screen_install(args: argparse.Namespace) -> int:
    """Make this machine a kiosk screen: settings, offline page, Chromium policy, session files."""
    from kiosk.screen.config import ScreenConfig
    from kiosk.screen.install import SessionFiles, account_home, install

    settings = get_settings()
    try:
        hours = _parse_hours(args.awake_hours, args.awake_exception) if (args.awake_hours or args.awake_exception) else None
        config = ScreenConfig(
            server_url=args.url,
            kiosk_id=args.kiosk,
            key=args.key,
            printer=args.printer,
            awake_hours=hours,
            chromium=Path(args.chromium),
            browser_args=args.browser_arg or [],
        )
        home = Path(args.home) if args.home else account_home(args.user) if args.user else Path.home()
        paths, session = _screen_paths(args), SessionFiles(home)
        done = install(config, paths, session, settings.content_dir, settings.default_language, args.user)
    except (ValidationError, ValueError) as exc:
        print(f"not installed: {exc}", file=sys.stderr)
        return 2
    except PermissionError as exc:
        print(f"not installed: {exc.filename} cannot be written (run it as root: sudo)", file=sys.stderr)
        return 2
    for line in done:
        print(f"wrote {line}")
    print("the screen starts the kiosk when its account's desktop session starts (log in, or reboot);")
    print("python -m kiosk screen check says what is missing")
    return 0


def cmd_screen_check(args: argparse.Namespace) -> int:
    from kiosk.screen.install import check

    settings = get_settings()
    findings = check(_screen_paths(args), settings.content_dir, settings.default_language)
    for finding in findings:
        print(finding.line())
    missing = sum(not finding.ok for finding in findings)
    print(f"{len(findings)} checks: {missing} missing")
    return 1 if missing else 0


def cmd_screen_run(args: argparse.Namespace) -> int:
    """What the screen's session service runs: Chromium on the kiosk, kept there."""
    from kiosk.screen.config import load_config
    from kiosk.screen.launcher import run

    paths = _screen_paths(args)
    try:
        config = load_config(paths.config)
    except ValueError as exc:
        print(f"kiosk-screen: {exc}", file=sys.stderr)
        return 2
    return run(ScreenPaths(paths.state_dir, config.policy_dir), config)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m kiosk", description="Library help kiosk")
    sub = parser.add_subparsers(dest="command", required=True)

    content = sub.add_parser("content", help="guides and other content").add_subparsers(dest="action", required=True)
    check = content.add_parser("check", help="validate the content folder; exit 1 on errors")
    check.add_argument("--content-dir", help="folder to check (default: KIOSK_CONTENT_DIR)")
    check.add_argument("--strict", action="store_true", help="also fail on warnings")
    check.add_argument("--lix", action="store_true", help="print the LIX of each guide's Norwegian text")
    check.set_defaults(func=cmd_content_check)
    seed = content.add_parser("seed", help="copy shipped content into KIOSK_CONTENT_DIR if it has no guides yet")
    seed.add_argument("--from", dest="source", required=True, help="the shipped content folder")
    seed.set_defaults(func=cmd_content_seed)
    meaning = content.add_parser(
        "meaning-check", help="machine-made translations against their Norwegian source; exit 1 when one drifted"
    )
    meaning.add_argument("--content-dir", help="folder to check (default: KIOSK_CONTENT_DIR)")
    meaning.add_argument("--language", nargs="*", help="only these language codes")
    meaning.add_argument(
        "--back",
        action="append",
        help="a YAML file of back-translations ('<guide>/<field>: {<language>: <Norwegian>}'), or a folder of them; repeatable",
    )
    meaning.add_argument(
        "--record", action="store_true", help="write 'meaning checked' into each guide translation whose every text was compared"
    )
    meaning.add_argument("--by", help="who made the back-translations and the comparison (recorded with --record)")
    meaning.set_defaults(func=cmd_meaning_check)
    export = content.add_parser("xliff-export", help="a language's guides as XLIFF, for a translation agency")
    export.add_argument("--language", required=True, help="the target language code, e.g. so")
    export.add_argument("--only-needed", action="store_true", help="only guides missing or outdated in that language")
    export.add_argument("--out", required=True, help="the .xlf file to write")
    export.set_defaults(func=cmd_xliff_export)
    take = content.add_parser("xliff-import", help="take an agency's XLIFF back in (texts on a changed source are reported)")
    take.add_argument("path", help="the .xlf file")
    take.add_argument("--reviewed", action="store_true", help="a fluent person checked these texts: mark them reviewed")
    take.add_argument("--reviewer", help="with --reviewed: the account that vouches (it must review the file's language)")
    take.add_argument("--by", help="who translated or reviewed them (recorded with a review; default: the reviewer's name)")
    take.add_argument("--publish", action="store_true", help="publish at once instead of saving drafts")
    take.set_defaults(func=cmd_xliff_import)

    audio = sub.add_parser("audio", help="read-aloud clips").add_subparsers(dest="action", required=True)
    build = audio.add_parser("build", help="make every clip for all guides and languages (for offline use)")
    build.add_argument("--language", nargs="*", help="only these language codes")
    build.set_defaults(func=cmd_audio_build)

    db = sub.add_parser("db", help="database").add_subparsers(dest="action", required=True)
    db.add_parser("upgrade", help="apply migrations").set_defaults(func=cmd_db_upgrade)

    serve = sub.add_parser("serve", help="serve kiosks, staff and editor pages (options after it go to streamlit run)")
    serve.set_defaults(func=cmd_serve, passes_options_on=True)

    backup = sub.add_parser("backup", help="copy the database to a file (SQLite backup, or pg_dump's custom format)")
    backup.add_argument("path", help="the backup file to write")
    backup.set_defaults(func=cmd_backup)
    restore = sub.add_parser("restore", help="put a backup into the configured database (a new data dir or database)")
    restore.add_argument("path", help="a file made by backup")
    restore.add_argument("--overwrite", action="store_true", help="replace a database that already holds data")
    restore.set_defaults(func=cmd_restore)

    doctor = sub.add_parser("doctor", help="check database, content, voices, key, notifications, settings; exit 1 on errors")
    doctor.set_defaults(func=cmd_doctor)
    stats = sub.add_parser("stats", help="usage statistics").add_subparsers(dest="action", required=True)
    purge = stats.add_parser("purge", help="roll up and delete raw events older than KIOSK_STATS_KEEP_MONTHS")
    purge.add_argument("--keep-months", type=int, help="keep this many months instead of the setting")
    purge.set_defaults(func=cmd_stats_purge)

    demo_data = sub.add_parser("demo-data", help="write realistic kiosk use into the database (demonstration, benchmark)")
    demo_data.add_argument("--events", type=int, default=100_000, help="about how many usage events (default 100000)")
    demo_data.add_argument("--days", type=int, default=365, help="spread over this many days back from today")
    demo_data.add_argument("--seed", type=int, default=1, help="the same seed gives the same data")
    demo_data.set_defaults(func=cmd_demo_data)

    setup = sub.add_parser("setup", help="create or migrate the database")
    setup.add_argument("--demo", action="store_true", help="also add the demo kiosk")
    setup.set_defaults(func=cmd_setup)

    branches = sub.add_parser("branches", help="library locations, each with its own floor").add_subparsers(
        dest="action", required=True
    )
    add_branch = branches.add_parser("add", help="add or update a branch")
    add_branch.add_argument("id", help="short id: a-z, 0-9 and -, e.g. toyen")
    add_branch.add_argument("--name", required=True, help="name staff and statistics show, e.g. 'Tøyen filial'")
    add_branch.add_argument("--hours", nargs="*", default=[], help="staffed hours, e.g. mon-fri=10:00-15:00 sat=11:00-14:00")
    add_branch.add_argument(
        "--exception", nargs="*", default=[], help="days that differ: 2026-12-24 (closed) or 2026-12-23=10:00-13:00"
    )
    add_branch.add_argument("--phone", default="", help="help phone shown when no staff are on this floor")
    add_branch.set_defaults(func=cmd_branches_add)
    branches.add_parser("list", help="list branches, their kiosks and targets").set_defaults(func=cmd_branches_list)

    kiosks = sub.add_parser("kiosks", help="kiosk screens").add_subparsers(dest="action", required=True)
    add = kiosks.add_parser("add", help="add or update a kiosk")
    add.add_argument("id", help="short id used in the address: /?kiosk=<id>")
    add.add_argument("--name", required=True, help="name staff see, e.g. 'Kiosk by the entrance'")
    add.add_argument("--branch", help="the branch it stands in (default: its branch; a new kiosk: made from --location)")
    add.add_argument("--location", default="", help="where in the branch, e.g. '1st floor'")
    add.add_argument(
        "--hours", nargs="*", default=[], help="the kiosk's own staffed hours instead of its branch's, e.g. mon-fri=10:00-15:00"
    )
    add.add_argument(
        "--exception",
        nargs="*",
        default=[],
        help="days that differ: 2026-12-24 (closed) or 2026-12-23=10:00-13:00",
    )
    add.add_argument("--new-key", action="store_true", help="give the kiosk a new key (the old address stops working)")
    add.set_defaults(func=cmd_kiosks_add)
    kiosks.add_parser("list", help="list kiosks").set_defaults(func=cmd_kiosks_list)

    screen = sub.add_parser("screen", help="this machine as a kiosk screen (Chromium, locked down)").add_subparsers(
        dest="action", required=True
    )
    screen_install = screen.add_parser("install", help="set this machine up as the screen of one kiosk (as root)")
    screen_install.add_argument("--url", required=True, help="the kiosk server's address, e.g. https://kiosk.bibliotek.no")
    screen_install.add_argument("--kiosk", required=True, help="the kiosk's id (kiosks add)")
    screen_install.add_argument("--key", required=True, help="the kiosk's key (the key= part of the address kiosks add printed)")
    screen_install.add_argument("--user", help="the account the screen's desktop session runs as")
    screen_install.add_argument("--home", help="put the session files in this home folder instead of --user's")
    screen_install.add_argument("--printer", help="a CUPS printer for slips (lpstat -p); without it printing is off")
    screen_install.add_argument(
        "--awake-hours", nargs="*", default=[], help="when the screen stays on, e.g. mon-fri=09:00-19:00 (default: always)"
    )
    screen_install.add_argument(
        "--awake-exception", nargs="*", default=[], help="days that differ: 2026-12-24 or 2026-12-23=10:00-13:00"
    )
    screen_install.add_argument("--chromium", default="/usr/bin/chromium", help="the browser (default /usr/bin/chromium)")
    screen_install.add_argument("--browser-arg", action="append", help="an extra Chromium switch, as --browser-arg=--switch")
    screen_install.set_defaults(func=cmd_screen_install)
    screen_check = screen.add_parser("check", help="say what this screen is missing; exit 1 if anything")
    screen_check.set_defaults(func=cmd_screen_check)
    screen_run = screen.add_parser("run", help="the launcher the screen's session starts: Chromium on the kiosk, kept there")
    screen_run.set_defaults(func=cmd_screen_run)
    for command in (screen_install, screen_check, screen_run):
        command.add_argument("--state-dir", default="/var/lib/kiosk-screen", help="settings, profile and offline page")
    screen_install.add_argument(
        "--policy-dir", default="/etc/chromium/policies/managed", help="where Chromium reads managed policies"
    )

    users = sub.add_parser("users", help="staff, editor and admin accounts").add_subparsers(dest="action", required=True)
    add_user_cmd = users.add_parser("add", help="add an account (asks for the password)")
    add_user_cmd.add_argument("username")
    add_user_cmd.add_argument("--name", required=True, help="name shown to colleagues and on the kiosk ('Kari is coming')")
    add_user_cmd.add_argument("--role", required=True, choices=[r.value for r in Role])
    passwd = users.add_parser("passwd", help="set a new password (signs the account out everywhere)")
    passwd.add_argument("username")
    disable = users.add_parser("disable", help="disable an account (signs it out everywhere)")
    disable.add_argument("username")
    disable.add_argument("--enable", action="store_true", help="enable it again instead")
    for command, func in ((add_user_cmd, cmd_users_add), (passwd, cmd_users_passwd)):
        command.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
        command.set_defaults(func=func)
    disable.set_defaults(func=cmd_users_disable)
    review = users.add_parser("review-languages", help="the languages an editor may mark translations reviewed in")
    review.add_argument("username")
    review.add_argument("languages", nargs="*", help="language codes (none: may review none)")
    review.set_defaults(func=cmd_users_review)
    users.add_parser("list", help="list accounts").set_defaults(func=cmd_users_list)
    languages = users.add_parser("languages", help="the languages an account's holder speaks (replaces the list)")
    languages.add_argument("username")
    languages.add_argument("languages", nargs="*", help="language codes, e.g. nb ar so (none: clear the list)")
    languages.set_defaults(func=cmd_users_languages)
    topic = users.add_parser("topic", help="a personal ntfy topic for calls in the holder's languages")
    topic.add_argument("username")
    topic.add_argument("topic", nargs="?", help="a topic name on the library's ntfy server (KIOSK_NTFY_URL)")
    topic.add_argument("--clear", action="store_true", help="remove the account's own topic")
    topic.set_defaults(func=cmd_users_topic)
    return parser


def settings_problems(exc: ValidationError) -> str:
    """Pydantic's errors as one line per setting, named as the operator sets them."""
    lines = []
    for error in exc.errors():
        name = "KIOSK_" + "_".join(str(part) for part in error["loc"]).upper()
        lines.append(f"  {name}: {error['msg'].removeprefix('Value error, ')}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown and not getattr(args, "passes_options_on", False):
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    args.streamlit_args = unknown
    try:
        get_settings()
    except ValidationError as exc:
        print(f"the settings are not valid:\n{settings_problems(exc)}", file=sys.stderr)
        return 2
    try:
        return int(args.func(args))
    except StoreUnavailable as exc:
        print(f"the database is not available right now: {exc}", file=sys.stderr)
        return 3
    except WeakSecretError as exc:
        print(f"refusing to go on: {exc}", file=sys.stderr)
        return 2
