"""The domain layer must work where Qt cannot even be imported."""

import subprocess
import sys
import textwrap


def test_domain_imports_and_loads_with_pyside_blocked():
    code = textwrap.dedent(
        """
        import sys
        class Block:
            def find_spec(self, name, path=None, target=None):
                if name.split('.')[0] in ('PySide6', 'shiboken6', 'pyqtgraph'):
                    raise ImportError('blocked for this test: ' + name)
                return None
        sys.meta_path.insert(0, Block())
        from briefing_app.domain import load_catalogue
        from briefing_app.domain.export import findings_csv
        c = load_catalogue()
        assert findings_csv(c, c.findings_in('health'))
        assert not [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'pyqtgraph'))]
        print('ok', len(c.dataset.findings))
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok ")
