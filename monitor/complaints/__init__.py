"""Enterprise complaints: 受理 → 复核 → 认定 → 督办 → 记入信用记录 (投诉举报)."""
