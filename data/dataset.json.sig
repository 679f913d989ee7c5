{
  "format": "briefing-app-edition-signature",
  "version": 1,
  "algorithm": "ed25519",
  "key_id": "2ac8cc082996e956",
  "compiler": "Briefing app dataset compiler",
  "signed_at": "2026-12-04T03:59:11Z",
  "edition_id": "smf-cmi-compendium-2026-12",
  "dataset_sha256": "8599427234d1dc8532fb0267d47c842d0cfac2c4f40f8269414c494687fe6ee7",
  "signature": "tVVUhPIIehqOgMP0AM6gZXPQX8+/UzNsx+CvXtc0xfgcttFuLwKrjOvhSnmolvxbbZ3kKoeM6azHfM31BffvBg=="
}
