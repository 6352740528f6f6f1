"""PDF stage: .docx → PDF/A-2b (LibreOffice), signed-ready fields, optional signing, bundles.

Order matters because signatures break otherwise: convert (`convert.py`) → bundle the unsigned PDFs
(`bundle.py`) → add empty signature fields incrementally (`fields.py`) → sign last (`sign.py`).
"""
