//! `fangkong user`: accounts from the command line (the administrator's tool on
//! the server itself; every change is audited as `cli:<os user>`).

use std::io::BufRead;

use anyhow::Context;
use fangkong_domain::access::{Password, Role, Username};
use fangkong_store::{NewAccount, Store};
use jiff::{SignedDuration, Timestamp};

use super::{code_arg, rejected_arg};
use crate::actor::cli_actor;
use crate::cli::{TokenCommand, UserCommand};
use crate::output::{Cell, Table};

/// Runs one account command.
pub async fn run(store: &Store, cmd: UserCommand) -> anyhow::Result<()> {
    match cmd {
        UserCommand::Add {
            username,
            role,
            scope,
            name,
        } => {
            let username =
                Username::parse(&username).map_err(|e| rejected_arg("USERNAME", e.to_string()))?;
            let role: Role = role
                .parse()
                .map_err(|e: fangkong_domain::access::RoleError| {
                    rejected_arg("--role", e.to_string())
                })?;
            let scope = code_arg("--scope", &scope)?;
            let mut line = String::new();
            std::io::stdin()
                .lock()
                .read_line(&mut line)
                .context("reading the password from standard input")?;
            let password = Password::new(line.trim_end_matches(['\r', '\n']))
                .map_err(|e| rejected_arg("password (standard input)", e.to_string()))?;
            let account = store
                .add_account(
                    &NewAccount {
                        display_name: name.unwrap_or_else(|| username.to_string()),
                        username,
                        role,
                        scope,
                        password,
                    },
                    crate::clock::now_in(store).await?,
                    Some(&cli_actor()),
                )
                .await
                .map_err(|e| match e {
                    fangkong_store::StoreError::Conflict(m) => {
                        anyhow::Error::from(rejected_arg("USERNAME", m))
                    }
                    other => other.into(),
                })?;
            crate::out!(
                "added {} ({}, scope {})",
                account.username,
                account.role,
                account.scope
            );
        }
        UserCommand::List { format } => {
            let mut table = Table::new(&[
                "username",
                "name",
                "role",
                "scope",
                "created_at",
                "disabled_at",
                "may_export_personal",
            ]);
            for a in store.accounts().await? {
                table.push(vec![
                    a.username.as_str().into(),
                    a.display_name.as_str().into(),
                    a.role.name().into(),
                    a.scope.as_str().into(),
                    a.created_at.to_string().into(),
                    Cell::from(a.disabled_at.map(|t| t.to_string())),
                    if a.may_export_personal { "yes" } else { "no" }.into(),
                ]);
            }
            table.print(format)?;
        }
        UserCommand::GrantExport { username, withdraw } => {
            let username =
                Username::parse(&username).map_err(|e| rejected_arg("USERNAME", e.to_string()))?;
            let account = store
                .grant_export(
                    &username,
                    !withdraw,
                    crate::clock::now_in(store).await?,
                    Some(&cli_actor()),
                )
                .await
                .map_err(|e| match e {
                    fangkong_store::StoreError::NotFound => anyhow::Error::from(rejected_arg(
                        "USERNAME",
                        format!("no account named {username}"),
                    )),
                    other => other.into(),
                })?;
            crate::out!(
                "{} {} export personal data",
                account.username,
                if account.may_export_personal {
                    "may"
                } else {
                    "may no longer"
                }
            );
        }
        UserCommand::Disable { username } => {
            let username =
                Username::parse(&username).map_err(|e| rejected_arg("USERNAME", e.to_string()))?;
            let account = store
                .disable_account(
                    &username,
                    crate::clock::now_in(store).await?,
                    Some(&cli_actor()),
                )
                .await
                .map_err(|e| match e {
                    fangkong_store::StoreError::NotFound => anyhow::Error::from(rejected_arg(
                        "USERNAME",
                        format!("no account named {username}"),
                    )),
                    other => other.into(),
                })?;
            crate::out!(
                "disabled {}; its sessions and tokens have ended",
                account.username
            );
        }
        UserCommand::Token {
            revoke: Some(TokenCommand::Revoke { token, all }),
            ..
        } => revoke(store, token, all).await?,
        UserCommand::Token {
            revoke: None,
            username,
            days,
            label,
        } => {
            let username = Username::parse(username.as_deref().unwrap_or(""))
                .map_err(|e| rejected_arg("USERNAME", e.to_string()))?;
            let account = store.account_named(&username).await.map_err(|e| match e {
                fangkong_store::StoreError::NotFound => anyhow::Error::from(rejected_arg(
                    "USERNAME",
                    format!("no account named {username}"),
                )),
                other => other.into(),
            })?;
            if account.disabled_at.is_some() {
                return Err(rejected_arg("USERNAME", format!("{username} is disabled")).into());
            }
            let now = Timestamp::now();
            let expires = now
                .checked_add(SignedDuration::from_hours(24 * i64::from(days)))
                .map_err(|e| rejected_arg("--days", e.to_string()))?;
            let token = store.issue_token(account.id, &label, now, expires).await?;
            eprintln!(
                "token for {username} ({label}), valid until {expires}; it is shown only now:"
            );
            crate::out!("{token}");
        }
    }
    Ok(())
}

/// `user token revoke TOKEN | --all USERNAME`.
async fn revoke(store: &Store, token: Option<String>, all: Option<String>) -> anyhow::Result<()> {
    let now = Timestamp::now();
    match (token, all) {
        (_, Some(name)) => {
            let username =
                Username::parse(&name).map_err(|e| rejected_arg("--all", e.to_string()))?;
            let account = store.account_named(&username).await.map_err(|e| match e {
                fangkong_store::StoreError::NotFound => anyhow::Error::from(rejected_arg(
                    "--all",
                    format!("no account named {username}"),
                )),
                other => other.into(),
            })?;
            let n = store
                .revoke_tokens_of(account.id, now, Some(&cli_actor()))
                .await?;
            crate::out!("revoked {n} token(s) of {username}");
        }
        (Some(token), None) => {
            if !store
                .revoke_token(token.trim(), now, Some(&cli_actor()))
                .await?
            {
                return Err(
                    rejected_arg("TOKEN", "no such token (already revoked?)".into()).into(),
                );
            }
            crate::out!("revoked the token");
        }
        (None, None) => {
            return Err(rejected_arg("TOKEN", "give a token or --all USERNAME".into()).into());
        }
    }
    Ok(())
}
