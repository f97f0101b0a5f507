"""Service desk: the ticket list and kanban over 100,000 tickets.

modules: scrm_service

Figures (server time of what the web client asks, as ratios against counting
the same tickets in the same run):
- the list view: the first page of 80 open tickets with the list's fields;
- the kanban view: the stage columns (read_group) and the first 40 cards of
  each column.
"""

from benchlib import bench_env, best_of

from odoo.tools import SQL

TICKETS = 100_000
LIST_SPEC = {
    "number": {},
    "name": {},
    "partner_id": {"fields": {"display_name": {}}},
    "channel_id": {"fields": {"display_name": {}}},
    "team_id": {"fields": {"display_name": {}}},
    "user_id": {"fields": {"display_name": {}}},
    "priority": {},
    "stage_id": {"fields": {"display_name": {}}},
    "sla_resolve_deadline": {},
    "sla_breached": {},
    "is_closed": {},
}
KANBAN_SPEC = {
    "number": {},
    "name": {},
    "partner_id": {"fields": {"display_name": {}}},
    "tag_ids": {"fields": {"display_name": {}, "color": {}}},
    "priority": {},
    "sla_breached": {},
    "channel_id": {"fields": {"display_name": {}}},
    "user_id": {"fields": {"display_name": {}}},
}


def populate(env):
    cr = env.cr
    partners = env["res.partner"].create(
        [{"name": f"Customer {i}", "is_company": True} for i in range(500)]
    )
    team = env["scrm.service.team"].create({"name": "Bench Support"})
    stages = env["scrm.ticket.stage"].search([], order="sequence")
    channel = env["scrm.channel"]._get_by_code("email")
    users = env["res.users"].create(
        [{"name": f"Agent {i}", "login": f"bench_agent_{i}"} for i in range(10)]
    )
    env.flush_all()
    cr.execute(
        SQL(
            """
            INSERT INTO scrm_ticket (
                number, name, company_id, partner_id, commercial_partner_id,
                channel_id, team_id, user_id, stage_id, is_closed, is_waiting,
                priority, date_open, date_last_stage_update, active,
                followup_count, create_date, write_date, create_uid, write_uid)
            SELECT 'B-' || lpad(n::text, 6, '0'), 'Bench request ' || n, %(company)s,
                   p.ids[1 + mod(n, array_length(p.ids, 1))],
                   p.ids[1 + mod(n, array_length(p.ids, 1))],
                   %(channel)s, %(team)s, u.ids[1 + mod(n, array_length(u.ids, 1))],
                   s.ids[1 + mod(n, array_length(s.ids, 1))],
                   s.closed[1 + mod(n, array_length(s.ids, 1))],
                   s.waiting[1 + mod(n, array_length(s.ids, 1))],
                   mod(n, 4)::text, now() - n * interval '1 minute', now(), true,
                   0, now(), now(), 1, 1
              FROM generate_series(1, %(count)s) n,
                   (SELECT %(partners)s::int[] AS ids) p,
                   (SELECT %(users)s::int[] AS ids) u,
                   (SELECT %(stages)s::int[] AS ids, %(closed)s::bool[] AS closed,
                           %(waiting)s::bool[] AS waiting) s
            """,
            company=env.company.id,
            channel=channel.id,
            team=team.id,
            count=TICKETS,
            partners=partners.ids,
            users=users.ids,
            stages=stages.ids,
            closed=stages.mapped("is_closed"),
            waiting=stages.mapped("is_waiting"),
        )
    )
    cr.execute("ANALYZE scrm_ticket")
    env.invalidate_all()


def main():
    with bench_env() as env:
        cr = env.cr
        populate(env)
        Ticket = env["scrm.ticket"]
        open_domain = [("is_closed", "=", False)]

        def list_view():
            env.invalidate_all()
            Ticket.web_search_read(
                open_domain, LIST_SPEC, limit=80, order="priority desc, id desc"
            )
            Ticket.search_count(open_domain, limit=10_000)

        def kanban_view():
            env.invalidate_all()
            groups = Ticket.web_read_group(
                open_domain, ["stage_id"], ["stage_id"], lazy=True
            )
            for group in groups["groups"]:
                Ticket.web_search_read(
                    group["__domain"],
                    KANBAN_SPEC,
                    limit=40,
                    order="priority desc, id desc",
                )

        def count_all():
            env.invalidate_all()
            Ticket.search_count([])

        list_s, kanban_s, count_s = (
            best_of(list_view, repeat=5),
            best_of(kanban_view, repeat=5),
            best_of(count_all, repeat=5),
        )
        print(f"ticket-list-{TICKETS}: {list_s * 1000:.1f} ms")
        print(f"ticket-kanban-{TICKETS}: {kanban_s * 1000:.1f} ms")
        print(f"ticket-count-{TICKETS}: {count_s * 1000:.1f} ms")
        print(f"ticket-list-vs-count: {list_s / count_s:.2f} ratio")
        print(f"ticket-kanban-vs-count: {kanban_s / count_s:.2f} ratio")
        cr.rollback()


if __name__ == "__main__":
    main()
