{
  "format": "briefing-app-edition-signature",
  "version": 1,
  "algorithm": "ed25519",
  "key_id": "2ac8cc082996e956",
  "compiler": "Briefing app dataset compiler",
  "signed_at": "2026-12-04T04:18:19Z",
  "edition_id": "smf-cmi-compendium-2026-12",
  "dataset_sha256": "98e9edd2ab32c836514850411366311b83b06cdfe62bdad77a655c2307922498",
  "signature": "x16uF8WudIFBib4R5N53MnLsKi+7AUoAKqtOvurwmNG6N/PEbylSFd/pzjJLFVLO+s9vb3+fB/2028+BCR4mAg=="
}
