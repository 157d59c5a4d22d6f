"""Who a CLI command acts as. A single-user database (one account, login not switched on) acts
as its administrator, as the client does; otherwise ``--user`` names the account and the
password comes from ``ZXLZ_PASSWORD`` or, at a terminal, from a hidden prompt."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from app.db.engine import Database
from app.errors import PermissionDeniedError
from app.services.accounts import AccountService
from app.services.context import Actor

PASSWORD_ENV = "ZXLZ_PASSWORD"
USER_HELP = (f"以哪个用户的身份执行（数据库要求登录时必填；密码从环境变量 {PASSWORD_ENV} 读取，"
             "未设置时在终端中提示输入）")


def add_user_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", metavar="用户名", default=None, help=USER_HELP)


def _password(username: str) -> str:
    given = os.environ.get(PASSWORD_ENV)
    if given is not None:
        return given
    if sys.stdin is None or not sys.stdin.isatty():
        raise PermissionDeniedError(
            f"需要用户“{username}”的密码：请设置环境变量 {PASSWORD_ENV}，"
            "或在终端中运行以便输入密码。")
    return getpass.getpass(f"用户“{username}”的密码：")


def cli_actor(db: Database, args: argparse.Namespace) -> Actor:
    """The signed-in actor for this command (refused with one Chinese line when it cannot be)."""
    accounts = AccountService(db)
    username = (getattr(args, "user", None) or "").strip()
    if not username:
        if accounts.login_needed():
            raise PermissionDeniedError(
                "此数据库要求登录：请用 --user 用户名 指定用户，"
                f"密码从环境变量 {PASSWORD_ENV} 读取或在提示时输入。")
        return accounts.default_actor()
    return accounts.sign_in(username, _password(username))
