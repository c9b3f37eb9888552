"""Print what each tests/cases case prints today (for checking messages by eye)."""
import sys, os, tempfile
from pathlib import Path
from click.testing import CliRunner
from handouts.cli import main
CASES = Path(__file__).resolve().parent.parent / "tests" / "cases"
os.chdir(CASES)
os.environ.pop("SOURCE_DATE_EPOCH", None)
names = sys.argv[1:] or sorted(p.name for p in CASES.iterdir() if p.is_dir())
for name in names:
    case = CASES / name
    tmp = Path(tempfile.mkdtemp())
    args = (case/"args.txt").read_text().split("\n") if (case/"args.txt").exists() else ["build","general","-o","out.pdf","--data-dir","{case}"]
    args = [str(tmp/"out.pdf") if a=="out.pdf" else a.replace("{case}",name).replace("{tmp}",str(tmp)) for a in args if a.strip()]
    env = dict(line.split("=", 1) for line in (case/"env.txt").read_text().splitlines()) if (case/"env.txt").exists() else {}
    r = CliRunner().invoke(main, args, env=env)
    print(f"=== {name} exit={r.exit_code} files={[p.name for p in tmp.rglob('*')]}")
    print(r.stderr, end="")
    if r.stdout: print("STDOUT:", r.stdout)
    if r.exception and not isinstance(r.exception, SystemExit): print("EXC", repr(r.exception))
