"""``--help`` comes from the catalog: Chinese by default, English with ``--lang en``
anywhere on the command line or an English locale."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from roadfund.cli import cli
from roadfund.cli.help import HELP_KEY, VERSION_KEY, help_lang
from roadfund.text import LABELS, label

NO_LOCALE: dict[str, str | None] = {"LC_ALL": None, "LC_MESSAGES": None, "LANG": None}


def help_page(*args: str, **env: str | None) -> str:
    result = CliRunner(env={**NO_LOCALE, **env}).invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def commands() -> list[str]:
    return sorted(cli.commands)


@pytest.mark.parametrize("command", commands())
def test_every_command_helps_in_chinese_by_default(command: str) -> None:
    page = help_page(command, "--help")
    assert page.startswith(f"用法：roadfund {command} [OPTIONS]")
    first = label(f"help.{command}", "zh").splitlines()[0]
    assert f"\n  {first}\n" in page
    assert "\n选项：\n" in page and "显示本帮助并退出。" in page
    assert "Show this message" not in page


@pytest.mark.parametrize("command", commands())
def test_lang_en_anywhere_gives_english_help(command: str) -> None:
    first = label(f"help.{command}", "en").splitlines()[0]
    for args in (
        (command, "--help", "--lang", "en"),
        (command, "--lang", "en", "--help"),
        ("--lang", "en", command, "--help"),
        (command, "--lang=en", "--help"),
    ):
        page = help_page(*args)
        assert page.startswith(f"Usage: roadfund {command} [OPTIONS]"), args
        assert f"\n  {first}\n" in page, args
        assert "\nOptions:\n" in page and "Show this message and exit." in page


def test_the_group_lists_every_command_in_chinese() -> None:
    page = help_page("--help")
    assert page.startswith("用法：roadfund [OPTIONS] COMMAND [ARGS]...")
    assert "退出码：0 完成；1 输入有误（未写入任何文件）；2 用法错误；" in page
    assert "\n命令：\n" in page
    assert "  run       分配本年度资金并写出全部输出\n" in page
    assert "  check     核对 INPUT.xlsx 和政策文件，不写入任何文件\n" in page
    assert "  --version       显示版本并退出。\n" in page


def test_an_english_locale_gives_english_help_and_lang_zh_overrides_it() -> None:
    page = help_page("run", "--help", LANG="en_US.UTF-8")
    assert page.startswith("Usage: roadfund run")
    assert "--force          Replace a non-empty output folder" in page
    assert "[default: zh]" in page
    assert help_page("run", "--help", "--lang", "zh", LANG="en_US.UTF-8").startswith("用法：")
    assert help_page("--help", LC_MESSAGES="en_GB").startswith("Usage:")
    chinese = help_page("run", "--help", LC_ALL="zh_CN.UTF-8", LANG="en_US.UTF-8")
    assert "替换不为空的输出文件夹（新的写完后才替换）。" in chinese
    assert "[默认：zh]" in chinese


def test_the_language_is_read_from_the_arguments_then_the_locale() -> None:
    assert help_lang([], {}) == "zh"
    assert help_lang(["run", "--lang", "en"], {}) == "en"
    assert help_lang(["--lang=en", "--lang", "zh"], {"LANG": "en_US"}) == "zh"
    assert help_lang([], {"LANG": "en_US.UTF-8"}) == "en"
    assert help_lang([], {"LANG": "C.UTF-8"}) == "zh"
    assert help_lang([], {"LC_ALL": "", "LC_MESSAGES": "en", "LANG": "zh_CN"}) == "en"
    assert help_lang(["--lang", "fr"], {"LANG": "en"}) == "en"


def test_the_group_lang_is_every_command_s_default() -> None:
    """``roadfund --lang en check …`` speaks English, as ``check … --lang en`` does."""
    result = CliRunner(env=NO_LOCALE).invoke(cli, ["--lang", "en", "check", "missing.xlsx"])
    assert result.exit_code == 1
    assert result.stderr.startswith("The input has 1 problem; nothing was written:")


def test_every_help_text_is_a_catalog_key() -> None:
    """No help text is spelt in a command module: each is a key with zh and en."""
    ctx = click.Context(cli, help_option_names=["-h", "--help"])
    assert cli.help in LABELS
    for command in [cli, *cli.commands.values()]:
        assert command.help in LABELS, command.name
        for param in command.get_params(ctx):
            if isinstance(param, click.Option):
                builtin = {HELP_KEY, VERSION_KEY} if param.name != "lang" else set()
                assert param.help in LABELS or builtin, (command.name, param.name)


# --- click's own usage errors, in the same language ---------------------------------------
def usage_error(*args: str, **env: str | None) -> str:
    result = CliRunner(env={**NO_LOCALE, **env}).invoke(cli, list(args))
    assert result.exit_code == 2, result.output
    return result.stderr


@pytest.mark.parametrize(
    ("args", "last_line"),
    [
        (("run",), "错误：缺少参数 'INPUT.xlsx'."),
        (("run", "a.xlsx", "--jobs", "abc"), "错误：'--jobs' 的值无效：'abc' 不是有效的数。"),
        (("run", "a.xlsx", "--jobs", "0"), "错误：'--jobs' 的值无效：0 不在范围 x>=1 内。"),
        (("run", "--nope"), "错误：没有选项 '--nope'。 是否想用 '--force'？"),
        (("frob",), "错误：没有命令 'frob'。"),
        (("run", "a.xlsx", "b.xlsx"), "错误：多余的参数（b.xlsx）"),
        (("run", "a.xlsx", "--out"), "错误：选项 '--out' 需要一个值。"),
        (
            ("explain", "a.xlsx", "--source", "x"),
            "错误：'--source' 的值无效：'x' 不是 'central', 'provincial' 之一。",
        ),
        (("compare", "/no/such/run", "/x"), "错误：'RUN_A' 的值无效：'/no/such/run' 不存在。"),
    ],
)
def test_click_usage_errors_are_in_chinese_by_default(
    args: tuple[str, ...], last_line: str
) -> None:
    text = usage_error(*args)
    assert text.splitlines()[-1] == last_line
    assert "Error" not in text and "Try '" not in text
    if text.startswith("用法："):  # click prints no usage for a bad option value (--out)
        command = "roadfund" if args == ("frob",) else f"roadfund {args[0]}"
        assert text.splitlines()[1] == f"运行 '{command} --help' 查看帮助。"


def test_click_usage_errors_stay_click_s_english_with_lang_en() -> None:
    for args in (("run", "--lang", "en"), ("--lang", "en", "run"), ("run",)):
        env = {"LANG": "en_US.UTF-8"} if args == ("run",) else {}
        text = usage_error(*args, **env)
        assert text.splitlines()[-2:] == ["", "Error: Missing argument 'INPUT.xlsx'."]
        assert "Try 'roadfund run --help' for help." in text
    # and a Chinese run afterwards in the same process is Chinese again
    assert usage_error("run").splitlines()[-1] == "错误：缺少参数 'INPUT.xlsx'."
