"""vanban: Vietnamese commune CCHC paperwork, from data to ND30 .docx, PDF/A and signable PDFs."""

__version__ = "0.1.0"
