"""A click group whose commands are imported only when one of them runs.

Each command is declared by name with the "module:attribute" that holds it and its short help
(the first sentence of its docstring, which a test keeps equal), so that `policykg --help`
lists every command without importing any command module.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Any

import click

__all__ = ["LazyCommand", "LazyGroup"]


@dataclass(frozen=True)
class LazyCommand:
    """Where a command lives, and the one line `--help` shows for it."""

    target: str  # "policykg.query_command:tasks_command"
    summary: str

    def load(self) -> click.Command:
        """The command itself (its module imported on first use).

        Returns:
            The click command.
        """
        module, _, attribute = self.target.partition(":")
        command = getattr(import_module(module), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{self.target} is not a click command")
        return command


class LazyGroup(click.Group):
    """A click.Group over a table of LazyCommands (commands added directly work as well).

    Args:
        *args: click.Group's positional arguments.
        lazy: command name -> where the command lives and its short help.
        **kwargs: click.Group's keyword arguments.
    """

    def __init__(self, *args: Any, lazy: dict[str, LazyCommand], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command's name, loaded or not, sorted.

        Args:
            ctx: the invocation's click context.
        """
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command of this name, loaded now if it was not; None for an unknown name.

        Args:
            ctx: the invocation's click context.
            cmd_name: the command's name.
        """
        if cmd_name not in self.commands and cmd_name in self.lazy:
            self.add_command(self.lazy[cmd_name].load(), cmd_name)
        return super().get_command(ctx, cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """click's resolution; an unknown name's suggestions come from every command's name.

        Args:
            ctx: the invocation's click context.
            args: the arguments left, the command's name first.
        """
        try:
            return super().resolve_command(ctx, args)
        except click.exceptions.NoSuchCommand as exc:
            # click suggests from the commands loaded so far: suggest from the whole table
            raise click.exceptions.NoSuchCommand(
                exc.command_name, possibilities=self.list_commands(ctx), ctx=ctx
            ) from None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """click's listing; a command not loaded yet shows the short help of its table row.

        Args:
            ctx: the invocation's click context.
            formatter: the help text being written.
        """
        shown = [
            (name, self.commands.get(name) or click.Command(name, help=self.lazy[name].summary))
            for name in self.list_commands(ctx)
        ]
        shown = [(name, command) for name, command in shown if not command.hidden]
        if not shown:
            return
        limit = formatter.width - 6 - max(len(name) for name, _ in shown)
        with formatter.section("Commands"):
            formatter.write_dl(
                [(name, command.get_short_help_str(limit)) for name, command in shown]
            )
