"""Two-way sync of people and meetups with a vdir, and through vdirsyncer with any
CardDAV/CalDAV server (issue 23).

- `exchange.py`: the store <-> vdir exchange: one .vcf a person, one .ics a meetup,
  matched by UID, a three-way merge against what was last exchanged, deletions,
  conflicts kept for the user. Needs no server and no vdirsyncer.
- `vdirsyncer.py`: nettui's own vdirsyncer configuration (`nettui sync setup`) and
  running it (discover, sync), its failures said in one sentence.
- `run.py`: one `nettui sync`: vdirsyncer pulls, the exchange, vdirsyncer pushes.
"""
