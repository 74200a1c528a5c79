"""Commands for the web application: serve, user add and password, token create."""

from __future__ import annotations

import os
import sys

import typer

from tawthiq.cli.context import operator, reset, workspace
from tawthiq.cli.output import console, print_json

JSON_OPTION = typer.Option(False, "--json", help="Print JSON.")
MAX_WORKERS = 4
APP_FACTORY = "tawthiq.web.app:create_app_from_env"  # what each worker process of `tawthiq serve` imports


def add_web_commands(app: typer.Typer) -> None:
    app.command("serve")(serve_command)
    app.add_typer(_user_app(), name="user")
    app.add_typer(_token_app(), name="token")


def default_workers() -> int:
    """One worker process per CPU, at most MAX_WORKERS."""
    return max(1, min(os.cpu_count() or 1, MAX_WORKERS))


def serve_command(host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
                  port: int = typer.Option(8000, "--port", help="Port to listen on."),
                  workers: int | None = typer.Option(
                      None, "--workers", min=1, max=64, help="Worker processes (default: one per CPU, at most 4)."),
                  ) -> None:
    """Run the web application. On a data directory without users, first creates `admin` with a generated password."""
    import uvicorn

    from tawthiq.services.accounts import users as accounts
    from tawthiq.services.scratch import remove_leftovers

    ws = workspace()
    password_file = accounts.ensure_first_admin(ws)
    remove_leftovers(ws)  # what killed commands left (no plaintext among it lies outside the data directory)
    reset()  # each worker opens its own workspace from the same environment
    count = workers or default_workers()
    shown = "localhost" if host in ("127.0.0.1", "0.0.0.0", "::") else host
    # plain echo, not the rich console: a wrapped path could not be copied from the terminal
    typer.echo(f"Tawthiq is at http://{shown}:{port}/ ({count} worker process{'es' if count > 1 else ''})")
    if password_file is not None:
        typer.echo(f"Log in as {accounts.FIRST_ADMIN}: the password is in {password_file.resolve()} "
                   "(readable by you only).")
    else:
        typer.echo("Log in with your user name (`tawthiq user add` creates users).")
    # By import string: each worker process builds its own application (and database connections) from the
    # environment. SQLite in WAL mode takes readers from every process and queues writers (BEGIN IMMEDIATE with a
    # busy timeout, see db/engine.py), so several workers are safe on SQLite as on PostgreSQL.
    # proxy_headers=False: uvicorn would otherwise take X-Forwarded-For from any client on 127.0.0.1 as the peer;
    # the application believes it only from TAWTHIQ_TRUSTED_PROXIES (web/security.py: client_address).
    uvicorn.run(APP_FACTORY, factory=True, host=host, port=port, workers=count, log_level="warning",
                proxy_headers=False)


def _user_app() -> typer.Typer:
    app = typer.Typer(help="People who log in to the web application.", no_args_is_help=True)

    @app.command("add")
    def add(username: str = typer.Argument(...),
            role: str = typer.Option(..., "--role", help="admin, coordinator, documenter, analyst or viewer."),
            password_stdin: bool = typer.Option(False, "--password-stdin",
                                                help="Read the password from standard input."),
            language: str = typer.Option("en", "--language", help="en or ar."), as_json: bool = JSON_OPTION) -> None:
        """Add a user. The password is read from standard input (--password-stdin) or asked for, never an argument."""
        from tawthiq.services.accounts import admin

        ws, account = workspace(), operator()
        password = sys.stdin.readline().rstrip("\r\n") if password_stdin else typer.prompt(
            "password", hide_input=True, confirmation_prompt=True)
        added = admin.add_user(ws, account, username=username, role=role, password=password, language=language)
        result = {"username": added.username, "role": added.role.value, "language": added.language}
        print_json(result) if as_json else console.print(f"added {added.username} ({added.role.value})", markup=False)

    @app.command("list")
    def list_(as_json: bool = JSON_OPTION) -> None:
        """Every user with their role and language, whether active, and their last login."""
        from tawthiq.services.accounts import admin

        users = admin.users(workspace(), operator())
        if as_json:
            print_json(users)
        else:
            for user in users:
                state = "" if user.active else "\tdisabled"
                console.print(f"{user.username}\t{user.role}\t{user.language}{state}", markup=False)

    app.command("password")(password_command)
    return app


def _read_secret(from_stdin: bool, prompt: str, *, confirm: bool = False) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(typer.prompt(prompt, hide_input=True, confirmation_prompt=confirm))


def password_command(
        username: str | None = typer.Argument(None, help="Whose password to reset (admins). Leave out to change your "
                                                         "own, with your current password."),
        generate: bool = typer.Option(False, "--generate", help="Reset to a generated password, printed once."),
        password_stdin: bool = typer.Option(False, "--password-stdin", help=(
            "Read from standard input, one a line: the new password (a reset), or your current password then the new "
            "one (your own).")),
        code: str | None = typer.Option(None, "--code", help="Your own change: a current code of your enrolled app."),
) -> None:
    """Reset USERNAME's password (admins; their sessions and API tokens end), or change your own (your other
    sessions and tokens end). Recorded, never the password. The command line's own admin, which has no password,
    gets one with `tawthiq user password NAME`."""
    from tawthiq.services.accounts import admin, users as accounts

    ws, account = workspace(), operator()
    if username is None:
        current = _read_secret(password_stdin, "current password")
        new = _read_secret(password_stdin, "new password", confirm=True)
        ended = accounts.change_password(ws, account, current=current, new=new, code=code)
        console.print(f"password changed; other sessions and tokens ended: {ended}", markup=False)
        return
    chosen = None if generate else _read_secret(password_stdin, "new password", confirm=True)
    reset = admin.reset_password(ws, account, username=username, password=chosen)
    console.print(f"password of {reset.username} reset; sessions and tokens ended: {reset.ended}", markup=False)
    if reset.password is not None:
        typer.echo(reset.password)  # plain echo: printed once, to be copied and handed over in person


def _token_app() -> typer.Typer:
    app = typer.Typer(help="Personal API tokens (sent as `Authorization: Bearer`).", no_args_is_help=True)

    @app.command("create")
    def create(username: str = typer.Argument(...),
               name: str = typer.Option("", "--name", help="What the token is for.")) -> None:
        """Create a token for USERNAME and print it once: only its hash is kept."""
        from tawthiq.services.accounts import admin

        typer.echo(admin.create_token(workspace(), operator(), username=username, name=name))

    return app
