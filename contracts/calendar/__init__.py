"""The official working-day calendar and deadline arithmetic (法定节假日与期限计算)."""
