"""系统设置 → 用户与登录 (administrators): accounts with their roles, passwords set by the
administrator, and the sign-in policy (always ask for a login; lock after idle minutes)."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QCheckBox, QFormLayout, QSpinBox

from app.domain.enums import UserRole
from app.domain.schema import USER
from app.errors import AppError
from app.models import User
from app.services.accounts import MAX_IDLE_MINUTES, AccountService
from app.services.users import MIN_PASSWORD_LENGTH, UserService
from ui.framework.columns import Column
from ui.framework.editor import Section
from ui.framework.record_page import ExtraButton, RecordPage
from ui.login import AskDialog, password_field

ROLE_HELP = {
    UserRole.ADMIN: "管理员：全部操作，包括用户管理、恢复备份、不打码导出和彻底删除。",
    UserRole.CLERK: "录入员：录入和修改各类记录、导入、生成文稿；不能管理用户和彻底删除。",
    UserRole.READONLY: "只读：查阅、检索、导出（打码）和打印，不能修改任何数据。",
}


class SetPasswordDialog(AskDialog):
    def __init__(self, page: UsersPage, user: User) -> None:
        super().__init__(f"设置用户“{user.username}”的密码",
                         f"新密码不少于{MIN_PASSWORD_LENGTH}个字符。请把密码当面告诉该用户。", page)
        self.page, self.user = page, user
        self.password = password_field("password")
        self.confirm = password_field("confirm")
        self.form.addRow("新密码：", self.password)
        self.form.addRow("再输入一次：", self.confirm)

    def attempt(self) -> None:
        if self.password.text() != self.confirm.text():
            raise AppError("两次输入的密码不一致。")
        self.page.users.set_password(self.page.ctx.actor, self.user.id, self.password.text())


class PolicyDialog(AskDialog):
    def __init__(self, page: UsersPage) -> None:
        super().__init__("登录和锁定", "只有一个用户且未勾选“总是要求登录”时，打开程序不需要登录。",
                         page)
        self.page = page
        self.policy = page.accounts.policy()
        self.login_required = QCheckBox("打开程序时总是要求登录")
        self.login_required.setObjectName("loginRequired")
        self.login_required.setChecked(self.policy.login_required)
        self.idle = QSpinBox()
        self.idle.setObjectName("idleMinutes")
        self.idle.setRange(0, MAX_IDLE_MINUTES)
        self.idle.setSuffix(" 分钟")
        self.idle.setSpecialValueText("不自动锁定")
        self.idle.setValue(self.policy.idle_lock_minutes)
        self.form.addRow(self.login_required)
        self.form.addRow("无操作自动锁定：", self.idle)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

    def attempt(self) -> None:
        self.page.accounts.update_policy(
            self.page.ctx.actor, login_required=self.login_required.isChecked(),
            idle_lock_minutes=self.idle.value(), version=self.policy.version)


class UsersPage(RecordPage[User]):
    title = "用户与登录"
    entities = ("users",)
    search_hint = "搜索用户名或姓名"
    empty_hint = "还没有用户。"

    service_type = UserService

    def prepare(self) -> None:
        assert isinstance(self.service, UserService)
        self.users = self.service  # with set_password, which RecordService has not
        self.accounts = AccountService(self.ctx.db)

    def columns(self) -> list[Column]:
        return [
            Column("username", USER.label_of("username"), lambda u: u.username, "username", 100),
            Column("display_name", USER.label_of("display_name"), lambda u: u.display_name,
                   None, 90),
            Column("role", USER.label_of("role"), lambda u: u.role.label, "role", 70),
            Column("active", USER.label_of("active"), lambda u: "是" if u.active else "否",
                   None, 50),
            Column("password", "密码", lambda u: "已设置" if u.password_hash else "未设置",
                   None, 60),
        ]

    def extra_buttons(self) -> list[ExtraButton]:
        return [("设置密码…", self.set_password, "为选中的用户设置新密码"),
                ("登录和锁定…", self.edit_policy, "是否总是要求登录、无操作多久自动锁定")]

    def detail_html(self, record: User) -> str:
        state = "已启用" if record.active else "已停用"
        return (f"<h3>{escape(record.display_name or record.username)}</h3>"
                f"<p>用户名：{escape(record.username)}　{state}</p>"
                f"<p>{escape(ROLE_HELP[record.role])}</p>")

    def open_editor(self, record_id: int | None) -> bool:
        user = self.service.get(record_id) if record_id is not None else None
        hints = {"role": " ".join(ROLE_HELP.values())}
        values = {} if user else {"role": UserRole.CLERK, "active": True}
        return self.run_editor(user, "编辑用户" if user else "新增用户",
                               [Section("用户", ["username", "display_name", "role", "active"])],
                               values=values, hints=hints)

    def set_password(self) -> None:
        record_id = self.current_id()
        if record_id is None:
            self.ctx.dialogs.info(self.title, "请先在列表中选中一个用户。")
            return
        dialog = SetPasswordDialog(self, self.users.get(record_id))
        if self.ctx.dialogs.exec(dialog):
            self.ctx.dialogs.info(self.title, "密码已设置。")

    def edit_policy(self) -> None:
        self.ctx.dialogs.exec(PolicyDialog(self))
