"""Government dishonesty records, objections and credit repair (政务失信记录、异议与信用修复)."""
